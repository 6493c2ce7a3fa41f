"""`resource_detection` (formerly `resourcedetection`) processor config
(contrib `processor/resourcedetectionprocessor/config.go` at the pinned release).

Typed for the detectors Phoenix offers: `env` (which has no settings section) and `system`. The
other detectors' sections are accepted as they are; the squashed `confighttp` client keys
(`timeout` default 5s, ...) are typed. Decoding is strict: an unknown key is refused, including
`attributes` (removed in 0.142) and an `env:` section. Newer keys: `refresh_interval`,
`fail_on_missing_metadata` and `retry` (enabled by default: it needs `timeout` > 0 or
`retry.max_elapsed_time` > 0). `detectors` defaults to `[env]`; an unknown detector is refused
when the processor is built.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from app.engine.components.base import Introspectable
from app.engine.components.common import GoDuration, Strict, go_duration_seconds
from app.engine.components.confighttp import HTTPClient
from app.engine.components.exporterhelper import RetryOnFailure

DETECTORS = (
    "akamai",
    "alibaba_ecs",
    "aks",
    "azure",
    "azurecontainerapps",
    "consul",
    "digitalocean",
    "docker",
    "dynatrace",
    "ec2",
    "ecs",
    "eks",
    "elastic_beanstalk",
    "env",
    "gcp",
    "heroku",
    "hetzner",
    "ibmcloud_classic",
    "ibmcloud_vpc",
    "k8s_api",
    "k8snode",
    "kubeadm",
    "lambda",
    "nova",
    "openshift",
    "oraclecloud",
    "scaleway",
    "system",
    "tencent_cvm",
    "upcloud",
    "vultr",
)
"""Detector names of the pinned release (`k8snode` is the deprecated name of `k8s_api`)."""

SYSTEM_ATTRIBUTES: dict[str, bool] = {
    "host.arch": False,
    "host.cpu.cache.l2.size": False,
    "host.cpu.family": False,
    "host.cpu.model.id": False,
    "host.cpu.model.name": False,
    "host.cpu.stepping": False,
    "host.cpu.vendor.id": False,
    "host.id": False,
    "host.interface": False,
    "host.ip": False,
    "host.mac": False,
    "host.name": True,
    "os.build.id": False,
    "os.description": False,
    "os.name": False,
    "os.type": True,
    "os.version": False,
}
"""Resource attributes of the system detector and whether each is enabled by default."""


class AttributeToggle(Strict):
    enabled: bool | None = None


class SystemDetector(Strict):
    hostname_sources: list[Literal["dns", "os", "cname", "lookup"]] | None = None
    resource_attributes: dict[str, AttributeToggle] | None = None

    @field_validator("resource_attributes")
    @classmethod
    def _known(cls, value: dict[str, AttributeToggle] | None) -> dict[str, AttributeToggle] | None:
        if value is None:
            return None
        unknown = sorted(set(value) - set(SYSTEM_ATTRIBUTES))
        if unknown:
            raise ValueError(f"'system.resource_attributes' has invalid keys: {', '.join(unknown)}")
        # A toggle that leaves out `enabled` keeps the attribute's default.
        return {
            name: toggle if toggle.enabled is not None else AttributeToggle(enabled=SYSTEM_ATTRIBUTES[name])
            for name, toggle in value.items()
        }


class DetectionRetry(RetryOnFailure):
    """`retry` of resource detection (`defaultRetryConfig`: 1s initial, 30s max, no elapsed limit)."""

    DEFAULTS: ClassVar[dict[str, str]] = {"initial_interval": "1s", "max_interval": "30s", "max_elapsed_time": "0s"}


class ResourceDetectionConfig(HTTPClient, Introspectable):
    detectors: list[str] = Field(default_factory=lambda: ["env"])
    override: bool | None = None
    refresh_interval: GoDuration | None = None
    fail_on_missing_metadata: bool | None = None
    retry: DetectionRetry | None = None
    system: SystemDetector | None = None
    # the other detectors' sections, not checked by Phoenix
    akamai: dict[str, Any] | None = None
    alibaba_ecs: dict[str, Any] | None = None
    aks: dict[str, Any] | None = None
    azure: dict[str, Any] | None = None
    azurecontainerapps: dict[str, Any] | None = None
    consul: dict[str, Any] | None = None
    digitalocean: dict[str, Any] | None = None
    docker: dict[str, Any] | None = None
    ec2: dict[str, Any] | None = None
    ecs: dict[str, Any] | None = None
    eks: dict[str, Any] | None = None
    elasticbeanstalk: dict[str, Any] | None = None
    gcp: dict[str, Any] | None = None
    heroku: dict[str, Any] | None = None
    hetzner: dict[str, Any] | None = None
    ibmcloud_classic: dict[str, Any] | None = None
    ibmcloud_vpc: dict[str, Any] | None = None
    k8s_api: dict[str, Any] | None = None
    k8snode: dict[str, Any] | None = None
    kubeadm: dict[str, Any] | None = None
    lambda_: dict[str, Any] | None = Field(default=None, alias="lambda")
    nova: dict[str, Any] | None = None
    openshift: dict[str, Any] | None = None
    oraclecloud: dict[str, Any] | None = None
    scaleway: dict[str, Any] | None = None
    tencent_cvm: dict[str, Any] | None = None
    upcloud: dict[str, Any] | None = None
    vultr: dict[str, Any] | None = None

    @field_validator("detectors")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in DETECTORS:
                raise ValueError(f"invalid detector key: {name}")
        return value

    @model_validator(mode="after")
    def _bounded_retry(self) -> ResourceDetectionConfig:
        retry_on = self.retry is None or self.retry.enabled is not False
        timeout = go_duration_seconds(self.timeout) if self.timeout is not None else 5.0
        elapsed = self.retry.seconds("max_elapsed_time") if self.retry else 0.0
        if retry_on and timeout == 0 and elapsed == 0:
            raise ValueError(
                "retry.enabled requires either timeout > 0 or retry.max_elapsed_time > 0 to bound detection"
            )
        return self
