"""`resourcedetection` processor with the `env` and `system` detectors, detected once at start.

Like the collector, detection runs when the processor starts and the result is stamped on every
resource of every payload. Detectors run in the listed order and "the first detector to insert
wins" (README); `override` (default true) decides whether detected values replace attributes a
resource already has. `env` reads `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`, values URL-decoded).
`system` sets `host.name` (from `hostname_sources`, default `[dns, os]`: the first source that
answers) and `os.type`, the attributes enabled by default; `host.arch`, `host.id` and
`os.description` can be enabled. Other detectors (cloud, docker, k8s) raise EngineUnsupported.
"""

from __future__ import annotations

import os
import platform
import socket
from collections.abc import Mapping
from urllib.parse import unquote

from app.engine.components.resourcedetection.config import ResourceDetectionConfig
from app.engine.errors import EngineUnsupported
from app.engine.pdata import MetricsBatch

SYSTEM_DEFAULTS = {"host.name": True, "os.type": True, "host.arch": False, "host.id": False, "os.description": False}
_ARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "386",
    "i686": "386",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
}


def parse_env_attributes(text: str) -> dict[str, str]:
    """`OTEL_RESOURCE_ATTRIBUTES` as the env detector reads it; malformed pairs are skipped."""
    out: dict[str, str] = {}
    for pair in text.split(","):
        key, sep, value = pair.partition("=")
        if sep and key.strip():
            out[key.strip()] = unquote(value.strip())
    return out


def _hostname(sources: list[str]) -> str | None:
    for source in sources:
        try:
            name = socket.gethostname() if source == "os" else socket.getfqdn()
        except OSError:
            continue
        if name:
            return name
    return None


def _machine_id() -> str | None:
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            with open(path) as handle:
                return handle.read().strip() or None
        except OSError:
            continue
    return None


class ResourceDetectionProcessor:
    def __init__(
        self, component_id: str, config: ResourceDetectionConfig, environ: Mapping[str, str] | None = None
    ) -> None:
        self.component_id = component_id
        self.override = True if config.override is None else config.override
        environ = os.environ if environ is None else environ
        self.detected: dict[str, object] = {}
        for detector in config.detectors:
            if detector == "env":
                found: dict[str, object] = dict(parse_env_attributes(environ.get("OTEL_RESOURCE_ATTRIBUTES", "")))
            elif detector == "system":
                found = self._system(config)
            else:
                raise EngineUnsupported(f"detector {detector!r} is not supported (only env and system)", component_id)
            for key, value in found.items():
                self.detected.setdefault(key, value)  # the first detector to insert wins

    def _system(self, config: ResourceDetectionConfig) -> dict[str, object]:
        enabled = dict(SYSTEM_DEFAULTS)
        system = config.system
        for name, toggle in ((system.resource_attributes or {}) if system else {}).items():
            if name not in SYSTEM_DEFAULTS and toggle.enabled:
                raise EngineUnsupported(f"system detector attribute {name!r} is not supported", self.component_id)
            enabled[name] = toggle.enabled
        sources = list((system.hostname_sources if system else None) or ["dns", "os"])
        values = {
            "host.name": lambda: _hostname(sources),
            "os.type": lambda: platform.system().lower() or None,
            "host.arch": lambda: _ARCH.get(platform.machine().lower(), platform.machine().lower() or None),
            "host.id": _machine_id,
            "os.description": lambda: platform.platform() or None,
        }
        out: dict[str, object] = {}
        for name, on in enabled.items():
            value = values[name]() if on else None
            if value is not None:
                out[name] = value
        return out

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        for rm in batch.resource_metrics:
            attributes = rm.resource.attributes
            for key, value in self.detected.items():
                if self.override or key not in attributes:
                    attributes[key] = value
        return batch
