"""Kubernetes objects that run a simulation on target nodes: a Job (one node, ends with the duration)
or a DaemonSet (every selected node), both running `phoenix simulate` from the Phoenix image.

Choices, and why:
- The same module and profiles as a local run (`app.simulation.standalone`): the node's population
  is the twin of the synthetic snapshot of the same profile and seed.
- No `hostPID`: the simulated processes live in the pod's PID namespace, and a collector with
  `hostPID` on the node sees them like any other process. Nothing on the pod is privileged: non-root
  (so every process is owned by the image's user), no capabilities, read-only root filesystem with an
  `emptyDir` on /tmp for the helper executables, RuntimeDefault seccomp.
- The pod's limits bound the simulation (CPU and memory budgets of `PHOENIX_SIM_*` plus headroom);
  the process cap is `PHOENIX_SIM_MAX_PROCESSES`. `kubernetes.io/arch: amd64`: the helper is x86-64.
- The image's entrypoint is tini, which reaps; on delete, SIGTERM ends the run and its processes.
- A DaemonSet's pods must not exit, so it runs with `--linger`: after the duration the pod stays up
  with no simulated process until Phoenix deletes the DaemonSet.
- A custom profile travels in a ConfigMap mounted as a file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.config import PHOENIX_IMAGE
from app.core.naming import DNS_1123_LABEL_MAX_LENGTH, is_dns_1123_label
from app.simulation.models import SimulationCreate
from app.simulation.profiles import CUSTOM_PROFILE, get_profile
from app.simulation.settings import SimulationSettings

LABEL_SIMULATION = "phoenix.io/simulation"
LABEL_PROFILE = "phoenix.io/profile"
METRICS_PORT = 9464
CUSTOM_DIR = "/etc/phoenix-sim"
CUSTOM_FILE = "custom.json"
OBJECT_NAME_PREFIX = "phoenix-sim-"
_MiB = 1024 * 1024


class InvalidTarget(ValueError):
    """A simulation name, namespace or node selector Kubernetes would refuse."""


@dataclass(frozen=True)
class SimulationTarget:
    """Where the simulation runs: a namespace and the nodes it selects."""

    namespace: str = "default"
    node_selector: Mapping[str, str] = field(default_factory=dict)
    tolerations: Sequence[Mapping[str, Any]] = ()

    def __post_init__(self) -> None:
        if not is_dns_1123_label(self.namespace):
            raise InvalidTarget(f"namespace {self.namespace!r} is not a DNS-1123 label")


def object_name(simulation: str) -> str:
    """`phoenix-sim-<simulation>`, a DNS-1123 label of at most 63 characters."""
    name = f"{OBJECT_NAME_PREFIX}{simulation}"
    if not is_dns_1123_label(name):
        longest = DNS_1123_LABEL_MAX_LENGTH - len(OBJECT_NAME_PREFIX)
        raise InvalidTarget(
            f"simulation name {simulation!r} must be lower-case letters, digits and '-', at most {longest} characters"
        )
    return name


def simulate_args(request: SimulationCreate, *, linger: bool, metrics_port: int | None) -> list[str]:
    """The `phoenix simulate ...` command line for a request (the custom profile is read from its file)."""
    args = ["phoenix", "simulate", "--profile", request.profile, "--output", "json"]
    for flag, value in (
        ("--process-count", request.process_count),
        ("--churn-rate", request.churn_rate),
        ("--duration", request.duration),
        ("--seed", request.seed),
    ):
        if value is not None:
            args += [flag, f"{value:g}" if isinstance(value, float) else str(value)]
    if request.custom is not None:
        args += ["--custom", f"{CUSTOM_DIR}/{CUSTOM_FILE}"]
    if linger:
        args.append("--linger")
    if metrics_port:
        args += ["--metrics-port", str(metrics_port)]
    return args


def _duration(request: SimulationCreate) -> float:
    if request.duration is not None:
        return float(request.duration)
    if request.profile == CUSTOM_PROFILE:
        return float((request.custom or {}).get("duration_s", 600.0))
    return get_profile(request.profile).duration_s


def _resources(settings: SimulationSettings) -> dict[str, dict[str, str]]:
    cpu_limit = math.ceil((settings.effective_cpu_cores() + 0.2) * 1000)
    memory_limit = math.ceil(settings.memory_bytes / _MiB) + 256
    return {
        "limits": {"cpu": f"{cpu_limit}m", "memory": f"{memory_limit}Mi"},
        "requests": {"cpu": "100m", "memory": "96Mi"},
    }


def _pod_spec(
    request: SimulationCreate,
    *,
    name: str,
    target: SimulationTarget,
    image: str,
    settings: SimulationSettings,
    linger: bool,
    metrics_port: int | None,
    restart_policy: str,
) -> dict[str, Any]:
    env = [
        {"name": "PHOENIX_SIM_MAX_PROCESSES", "value": str(settings.max_processes)},
        {"name": "PHOENIX_SIM_CPU_CORES", "value": f"{settings.effective_cpu_cores():g}"},
        {"name": "PHOENIX_SIM_MEMORY_BYTES", "value": str(settings.memory_bytes)},
        {"name": "PHOENIX_SIM_WORK_DIR", "value": "/tmp"},
    ]
    container: dict[str, Any] = {
        "name": "simulator",
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "args": simulate_args(request, linger=linger, metrics_port=metrics_port),
        "env": env,
        "resources": _resources(settings),
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "privileged": False,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    volumes: list[dict[str, Any]] = [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]
    if metrics_port:
        container["ports"] = [{"name": "metrics", "containerPort": metrics_port, "protocol": "TCP"}]
    if request.custom is not None:
        container["volumeMounts"].append({"name": "custom", "mountPath": CUSTOM_DIR, "readOnly": True})
        volumes.append({"name": "custom", "configMap": {"name": name}})
    spec: dict[str, Any] = {
        "restartPolicy": restart_policy,
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "terminationGracePeriodSeconds": 30,
        "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}, "fsGroup": 10001},
        "nodeSelector": dict(
            sorted({"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", **target.node_selector}.items())
        ),
        "containers": [container],
        "volumes": volumes,
    }
    if target.tolerations:
        spec["tolerations"] = [dict(sorted(t.items())) for t in target.tolerations]
    return spec


def build_simulation_manifests(
    request: SimulationCreate,
    *,
    simulation: str,
    kind: Literal["Job", "DaemonSet"] = "Job",
    target: SimulationTarget | None = None,
    image: str = PHOENIX_IMAGE,
    settings: SimulationSettings | None = None,
    metrics_port: int | None = METRICS_PORT,
) -> list[dict[str, Any]]:
    """The objects to apply for `request` on Kubernetes: [ConfigMap (custom profile only), Job or DaemonSet]."""
    target = target or SimulationTarget()
    settings = settings or SimulationSettings()
    name = object_name(simulation)
    labels = {
        "app.kubernetes.io/name": "phoenix-simulator",
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/part-of": "phoenix",
        "app.kubernetes.io/managed-by": "phoenix",
        LABEL_SIMULATION: simulation,
        LABEL_PROFILE: request.profile,
    }
    metadata = {"name": name, "namespace": target.namespace, "labels": labels}
    annotations = (
        {"prometheus.io/scrape": "true", "prometheus.io/port": str(metrics_port), "prometheus.io/path": "/"}
        if metrics_port
        else {}
    )
    objects: list[dict[str, Any]] = []
    if request.custom is not None:
        objects.append(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": dict(metadata),
                "data": {CUSTOM_FILE: json.dumps(request.custom, sort_keys=True)},
            }
        )
    pod = {
        "metadata": {"labels": labels, "annotations": annotations},
        "spec": _pod_spec(
            request,
            name=name,
            target=target,
            image=image,
            settings=settings,
            linger=kind == "DaemonSet",
            metrics_port=metrics_port,
            restart_policy="Never" if kind == "Job" else "Always",
        ),
    }
    if kind == "Job":
        spec: dict[str, Any] = {
            "backoffLimit": 0,
            "activeDeadlineSeconds": int(_duration(request)) + 300,
            "ttlSecondsAfterFinished": 3600,
            "template": pod,
        }
        objects.append({"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": spec})
    else:
        selector = {"app.kubernetes.io/instance": name, LABEL_SIMULATION: simulation}
        spec = {"selector": {"matchLabels": selector}, "updateStrategy": {"type": "OnDelete"}, "template": pod}
        objects.append({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": metadata, "spec": spec})
    return objects
