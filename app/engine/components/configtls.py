"""`config/configtls` of the pinned core release: TLS settings of clients and servers.

Certificate and key come together (file or PEM, not both); versions are 1.0 to 1.3 and
`min_version` may not exceed `max_version`. A server's `tls` is an Optional: `enabled: false` turns
it off and skips its checks; otherwise a server needs a certificate and a key.
"""

from __future__ import annotations

from pydantic import model_validator

from app.engine.components.common import GoDuration, Strict


class TPM(Strict):
    enabled: bool | None = None
    path: str | None = None
    auth: str | None = None
    owner_auth: str | None = None


_TLS_VERSIONS = {"1.0": 10, "1.1": 11, "1.2": 12, "1.3": 13}


class TLSSettings(Strict):
    """configtls' settings shared by clients and servers."""

    ca_file: str | None = None
    ca_pem: str | None = None
    include_system_ca_certs_pool: bool | None = None
    include_insecure_cipher_suites: bool | None = None
    cert_file: str | None = None
    cert_pem: str | None = None
    key_file: str | None = None
    key_pem: str | None = None
    min_version: str | None = None
    max_version: str | None = None
    cipher_suites: list[str] | None = None
    reload_interval: GoDuration | None = None
    curve_preferences: list[str] | None = None
    tpm: TPM | None = None

    def _has_cert(self) -> bool:
        return bool(self.cert_file or self.cert_pem)

    def _has_key(self) -> bool:
        return bool(self.key_file or self.key_pem)

    @model_validator(mode="after")
    def _consistent(self) -> TLSSettings:
        if getattr(self, "enabled", None) is False:  # a server block turned off is not checked
            return self
        if self.ca_file and self.ca_pem:
            raise ValueError("provide either a CA file or the PEM-encoded string, but not both")
        if self.cert_file and self.cert_pem:
            raise ValueError("provide either certificate file or PEM, but not both")
        if self.key_file and self.key_pem:
            raise ValueError("provide either key file or PEM, but not both")
        if self._has_cert() != self._has_key():
            raise ValueError(
                "TLS configuration must include both certificate and key (cert_file/cert_pem and key_file/key_pem)"
            )
        for key in ("min_version", "max_version"):
            version = getattr(self, key)
            if version and version not in _TLS_VERSIONS:
                raise ValueError(f'invalid TLS {key}: unsupported TLS version: "{version}" (use 1.0, 1.1, 1.2 or 1.3)')
        low = _TLS_VERSIONS.get(self.min_version or "1.2", 12)
        if self.max_version and _TLS_VERSIONS[self.max_version] < low:
            raise ValueError("invalid TLS configuration: min_version cannot be greater than max_version")
        return self


class TLSClient(TLSSettings):
    insecure: bool | None = None
    insecure_skip_verify: bool | None = None
    server_name_override: str | None = None


class TLSServer(TLSSettings):
    enabled: bool | None = None
    client_ca_file: str | None = None
    client_ca_file_reload: bool | None = None

    @model_validator(mode="after")
    def _server_needs_a_certificate(self) -> TLSServer:
        if self.enabled is not False and not (self._has_cert() and self._has_key()):
            raise ValueError("TLS configuration must include both certificate and key for server connections")
        return self
