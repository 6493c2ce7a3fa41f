"""Settings: every knob of Phoenix, read from `PHOENIX_*` environment variables (or a `.env` file)."""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.core.naming import is_dns_1123_label
from app.core.pricing import MAX_PRICE_USD, Pricing

REPO_ROOT = Path(__file__).resolve().parents[2]


PHOENIX_IMAGE = "phoenix:0.1.0"
"""The image the Dockerfile builds, as the Kubernetes manifests name it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHOENIX_", env_file=".env", extra="ignore", env_ignore_empty=True)

    env: Literal["dev", "prod"] = "prod"
    database_url: str = "sqlite+aiosqlite:///./phoenix.db"
    runtime: Literal["local", "kubernetes"] = "local"
    # Namespaces the kubernetes runtime manages (each needs Phoenix's Role, see deploy/kubernetes): an
    # experiment's or deployment's target must be one of them (else 422), and the operator watches only
    # these. Env: comma-separated, e.g. `phoenix-workloads,observability`. The local runtime ignores it.
    kubernetes_namespaces: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["default"], min_length=1)
    # The image of Phoenix that runs an experiment's load profile (`phoenix simulate`) as a DaemonSet on
    # the target's nodes, on the kubernetes runtime (the image the Dockerfile builds).
    kubernetes_simulator_image: str = Field(PHOENIX_IMAGE, min_length=1, max_length=512)
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    # Reverse proxies (IPs or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed. Empty (the
    # default): the client address is the TCP peer, whatever headers it sends, so nobody can pick the
    # address the login throttle and the logs see. Env: comma-separated, e.g. `10.0.0.0/8,192.168.1.5`.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)

    jwt_secret: str | None = None
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = Field(15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(7, ge=1, le=90)
    admin_password: str | None = None

    # Background loops: reconcile experiments/deployments every `reconcile_interval` seconds (default
    # 10 local, 30 kubernetes), sample running variants every `sample_interval` seconds, and fail a
    # deployment that is not ready within `deploy_timeout` seconds.
    jobs_enabled: bool = True
    reconcile_interval: float | None = Field(None, gt=0, le=3600)
    sample_interval: float = Field(10.0, gt=0, le=3600)
    deploy_timeout: float = Field(300.0, gt=0, le=86400)

    # Drift detection: re-apply Phoenix's config when a runtime runs something else (off: report only),
    # and the relative deviation of a deployment's live output series from what its experiment
    # measured that counts as KPI drift.
    drift_auto_remediate: bool = False
    drift_kpi_threshold: float = Field(0.25, gt=0, le=10)

    # Backend prices for cost estimates (`app.core.pricing`); an experiment may set its own.
    price_usd_per_gb_ingested: float = Field(0.30, ge=0, le=MAX_PRICE_USD)
    price_usd_per_million_data_points: float = Field(0.10, ge=0, le=MAX_PRICE_USD)

    prometheus_url: str | None = None
    otelcol_bin: str | None = None
    # How the local runtime measures variants: `collector` runs each as a real collector process (the
    # binary above, else build/otelcol-phoenix), `engine` in the embedded engine, `auto` the collector
    # when a binary is available, else the engine.
    local_measurement: Literal["auto", "collector", "engine"] = "auto"
    # Where the host's `/` is mounted when Phoenix runs in a container with the host's process view
    # (docker-compose.yml: `/hostfs`): local collectors read the host's /proc under it (the
    # receiver's `root_path`). Empty: Phoenix runs on the host itself.
    host_root_path: str = ""
    templates_dir: Path = REPO_ROOT / "pipeline_templates"
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"

    # GitOps export: a local checkout the rendered manifests are committed to (push when a remote is set).
    gitops_repo_path: Path | None = None
    gitops_mode: Literal["branch", "folder"] = "branch"
    gitops_remote: str | None = None
    gitops_author: str = "Phoenix <phoenix@localhost>"

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    max_body_bytes: int = Field(1_048_576, ge=1024)
    migrate_on_start: bool = True
    # Read caches (`app.auth.cache`, the experiments list): a write committed by this process clears
    # them at once; one committed by another process (a second replica, `phoenix users` on the command
    # line) is seen within `read_cache_seconds`. 0 turns them off.
    read_cache_seconds: float = Field(5.0, ge=0, le=60)

    # The compute pool (`app.core.workers`): CPU-bound jobs (previews, validation, live snapshots) run
    # in `workers` processes, never on the event loop. A job past `worker_job_timeout` seconds is a 503
    # and its process is replaced (above the collector's own 30 s `validate` timeout, so that one still
    # reports as a finding); beyond `worker_queue` waiting jobs a caller gets a 429 with Retry-After.
    workers: int = Field(2, ge=1, le=64)
    worker_job_timeout: float = Field(60.0, gt=0, le=3600)
    worker_queue: int = Field(16, ge=0, le=10_000)

    @field_validator("trusted_proxies", "kubernetes_namespaces", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        """The environment gives one string: comma- or space-separated values (or a JSON list)."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part for part in text.replace(",", " ").split() if part]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        """Refuse a typo at start rather than silently trusting nobody (or everybody)."""
        for entry in value:
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies: {entry!r} is not an IP address or CIDR network") from None
        return value

    @field_validator("kubernetes_namespaces")
    @classmethod
    def _namespace_names(cls, value: list[str]) -> list[str]:
        """Kubernetes namespace names (DNS-1123 labels), each once."""
        for name in value:
            if not is_dns_1123_label(name):
                raise ValueError(f"kubernetes_namespaces: {name!r} is not a namespace name (a DNS-1123 label)")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _jwt_secret_required_outside_dev(self) -> Settings:
        if not self.jwt_secret:
            if self.env != "dev":
                raise ValueError(
                    "PHOENIX_JWT_SECRET is not set. Set it to a long random string "
                    "(e.g. `openssl rand -hex 32`), or set PHOENIX_ENV=dev to generate one per process."
                )
            # dev only: tokens die with the process, which is what a throwaway setup wants.
            self.jwt_secret = secrets.token_urlsafe(48)
        return self

    @property
    def effective_reconcile_interval(self) -> float:
        if self.reconcile_interval is not None:
            return self.reconcile_interval
        return 10.0 if self.runtime == "local" else 30.0

    @property
    def pricing(self) -> Pricing:
        return Pricing(
            usd_per_gb_ingested=self.price_usd_per_gb_ingested,
            usd_per_million_data_points=self.price_usd_per_million_data_points,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
