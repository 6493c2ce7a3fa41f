"""What a rendered collector config needs from the pod that runs it, checked before any manifest exists.

A DaemonSet pod and its config must agree on four things, and a mismatch would only show up on the
cluster as a crash loop or a silent gap in the KPIs:

- the host filesystem: the pod mounts the node's `/` read-only at `/hostfs`, so every `hostmetrics`
  receiver must say `root_path: /hostfs` (render with `collector_parameters`, which sets the
  template parameter `host_root_path`);
- the ports: the pod's probes hit the `health_check` extension, Prometheus scrapes the `prometheus`
  exporter, and the collector's own metrics are served on the telemetry port; all three must be the
  variant's assigned ports and listen on a non-loopback address (kubelet and Prometheus connect to
  the pod IP, never to the pod's localhost);
- the environment: every `${env:VAR}` in the config must be provided by the pod.

Baseline and candidate run on the same nodes without `hostNetwork`, so their pods never compete for
node ports; they still get distinct port numbers (`VARIANT_PORTS`) so that the rendered configs pass
`check_port_conflicts` and a port in a Prometheus target or a log line names one variant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.variants import BASELINE, CANDIDATE
from app.engine.registry import component_type
from app.runtimes.kubernetes.naming import DEPLOYMENT_ROLE, variant_role
from app.validation.ports import Listener, listeners
from app.validation.schema import check_schema
from app.validation.source import SourceError, load

HOSTFS = "/hostfs"
"""Where the node's root filesystem is mounted in every collector pod (read-only)."""

_ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")
MIN_PORT, MAX_PORT = 1024, 65535


class ConfigMismatch(ValueError):
    """The rendered config cannot run in a Phoenix collector pod as it stands."""


@dataclass(frozen=True)
class VariantPorts:
    """The container ports of one variant's collector (distinct numbers, 1024-65535)."""

    prometheus: int
    health_check: int
    telemetry: int

    def __post_init__(self) -> None:
        values = (self.prometheus, self.health_check, self.telemetry)
        if any(not isinstance(p, int) or isinstance(p, bool) or not MIN_PORT <= p <= MAX_PORT for p in values):
            raise ValueError(f"ports must be integers in {MIN_PORT}-{MAX_PORT}: {values}")
        if len(set(values)) != 3:
            raise ValueError(f"prometheus, health_check and telemetry ports must differ: {values}")

    def as_parameters(self) -> dict[str, int]:
        """The ports as template parameters."""
        return {
            "prometheus_port": self.prometheus,
            "health_check_port": self.health_check,
            "telemetry_port": self.telemetry,
        }

    def as_spec(self) -> dict[str, int]:
        """The ports as the custom resource's `spec.ports`."""
        return {"prometheus": self.prometheus, "healthCheck": self.health_check, "telemetry": self.telemetry}


VARIANT_PORTS: dict[str, VariantPorts] = {
    BASELINE: VariantPorts(prometheus=8889, health_check=13133, telemetry=8888),
    CANDIDATE: VariantPorts(prometheus=9889, health_check=13134, telemetry=9888),
    DEPLOYMENT_ROLE: VariantPorts(prometheus=10889, health_check=13135, telemetry=10888),
}
"""Port assignment by role: baseline keeps the templates' defaults; no two roles share a number."""


def ports_for_variant(variant: str) -> VariantPorts:
    """The assigned ports of `variant` (`baseline`, `candidate`, or any deployment name)."""
    return VARIANT_PORTS[variant_role(variant)]


def collector_parameters(
    parameters: Mapping[str, Any], *, experiment_id: str, variant: str, ports: VariantPorts
) -> dict[str, Any]:
    """Template parameters for a collector that runs in a Phoenix DaemonSet.

    A caller renders with these and hands the YAML to `build_variant_manifests`:

        ports = ports_for_variant("candidate")
        params = collector_parameters(spec.parameters, experiment_id=exp.name, variant="candidate", ports=ports)
        rendered = render_template(spec.template, params)

    On top of the user's parameters it sets `host_root_path: /hostfs` (the receiver's `root_path`,
    where the pod mounts the node's `/`), the experiment and variant labels, and the variant's ports.
    These always win over user values: they describe the pod, not the pipeline's behaviour.
    """
    return {
        **dict(parameters),
        "experiment_id": experiment_id,
        "variant": variant,
        "host_root_path": HOSTFS,
        **ports.as_parameters(),
    }


@dataclass(frozen=True)
class ContainerPort:
    name: str
    port: int


@dataclass(frozen=True)
class PodRequirements:
    """What the pod template must provide for the config: ports to declare, probe path, env vars."""

    ports: tuple[ContainerPort, ...]
    health_path: str
    env_vars: tuple[str, ...]

    def port(self, name: str) -> int:
        """The number of the declared port `name` (`metrics`, `telemetry`, `health`)."""
        return next(p.port for p in self.ports if p.name == name)


def _env_refs(node: Any, found: set[str]) -> None:
    if isinstance(node, str):
        found.update(_ENV_REF.findall(node))
    elif isinstance(node, dict):
        for key, value in node.items():
            _env_refs(key, found)
            _env_refs(value, found)
    elif isinstance(node, list):
        for item in node:
            _env_refs(item, found)


def _component_type(component_id: str) -> str:
    return component_id.split("/", 1)[0]


def _exposed(listener: Listener) -> bool:
    """Whether the listener is reachable on the pod IP (anything but a loopback address)."""
    host = listener.host.strip().lower()
    return host not in ("localhost", "::1") and not host.startswith("127.")


def _check_root_path(data: dict[str, Any]) -> None:
    receivers = data.get("receivers") if isinstance(data.get("receivers"), dict) else {}
    for component_id, body in receivers.items():
        if component_type("receiver", str(component_id)) != "host_metrics":
            continue
        root_path = body.get("root_path") if isinstance(body, dict) else None
        if root_path != HOSTFS:
            raise ConfigMismatch(
                f"receivers.{component_id}.root_path is {root_path!r}; a collector pod reads the node through "
                f"{HOSTFS}: render with host_root_path={HOSTFS!r} (see collector_parameters)"
            )


def _one(found: list[Listener], what: str, port: int) -> Listener:
    matching = [item for item in found if item.port == port]
    if not matching:
        where = ", ".join(f"{item.owner} on {item.port}" for item in found) or "nothing"
        raise ConfigMismatch(f"{what} must listen on the variant's port {port}; the config has {where}")
    listener = matching[0]
    if not _exposed(listener):
        raise ConfigMismatch(
            f"{what} listens on {listener.host}:{listener.port}; kubelet and Prometheus reach the "
            "pod IP, so it must listen on 0.0.0.0"
        )
    return listener


def _health_path(data: dict[str, Any], listener: Listener) -> str:
    body = data.get("extensions", {}).get(listener.path[1]) if isinstance(data.get("extensions"), dict) else None
    path = body.get("path") if isinstance(body, dict) else None
    return path if isinstance(path, str) and path.startswith("/") else "/"


def pod_requirements(config_yaml: str, ports: VariantPorts) -> PodRequirements:
    """Check `config_yaml` against the pod Phoenix builds for it; raise `ConfigMismatch` if it cannot run there."""
    try:
        source = load(config_yaml)
    except SourceError as exc:
        raise ConfigMismatch(f"config is not valid YAML (line {exc.line}): {exc.message}") from None
    if not isinstance(source.data, dict):
        raise ConfigMismatch("config must be a YAML mapping")
    data: dict[str, Any] = source.data
    _check_root_path(data)
    found = listeners(check_schema(source), data)
    by_owner: dict[str, list[Listener]] = {"health_check": [], "prometheus": [], "telemetry": []}
    for item in found:
        if item.path[0] == "service":
            by_owner["telemetry"].append(item)
        elif item.path[0] == "extensions" and _component_type(str(item.path[1])) == "health_check":
            by_owner["health_check"].append(item)
        elif item.path[0] == "exporters" and _component_type(str(item.path[1])) == "prometheus":
            by_owner["prometheus"].append(item)
    health = _one(
        by_owner["health_check"], "the health_check extension (used in service.extensions)", ports.health_check
    )
    metrics = _one(by_owner["prometheus"], "the prometheus exporter (used in a pipeline)", ports.prometheus)
    telemetry = _one(by_owner["telemetry"], "service.telemetry.metrics (a pull prometheus reader)", ports.telemetry)
    declared = [
        ContainerPort("metrics", metrics.port),
        ContainerPort("telemetry", telemetry.port),
        ContainerPort("health", health.port),
    ]
    taken = {p.port for p in declared}
    for item in found:
        if item.port not in taken and _exposed(item):
            declared.append(ContainerPort(f"port-{item.port}", item.port))
            taken.add(item.port)
    env: set[str] = set()
    _env_refs(data, env)
    return PodRequirements(tuple(declared), _health_path(data, health), tuple(sorted(env)))
