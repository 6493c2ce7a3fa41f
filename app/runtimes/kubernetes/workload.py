"""The DaemonSet that runs one variant's collector on every selected node.

Choices, and why:

- `hostPID: true`: the process scraper must see the node's processes, not the pod's one process.
- The node's `/` is mounted read-only at `/hostfs` (`mountPropagation: HostToContainer`, so
  mounts made on the node later are visible) and the config's `root_path` is `/hostfs`, as the
  hostmetrics README's "Collecting host metrics from inside a container" section describes.
- No `hostNetwork` and no `hostPort`: baseline and candidate run on the same node and must never
  compete for a node port. Prometheus scrapes the pod IP; kubelet probes the pod IP.
- Security: the collector runs as **root with every capability dropped except `SYS_PTRACE` and
  `DAC_READ_SEARCH`**, a read-only root filesystem, no privilege escalation and the runtime's
  default seccomp profile. Reading another user's `/proc/<pid>/io` (mode 0400) needs
  `DAC_READ_SEARCH`; `/proc/<pid>/exe` and `/proc/<pid>/io` also pass the kernel's ptrace access
  check, which needs `SYS_PTRACE` for processes of other users. A non-root user cannot use those
  capabilities: Kubernetes adds them to the bounding and permitted sets of the container's first
  process but not to the ambient set, and the image's `otelcol-contrib` binary has no file
  capabilities, so a non-root process would lose them at exec. Without them the scraper misses the
  executable path and disk I/O of most processes. The image's default user (10001) is therefore
  overridden with uid 0; nothing else about the pod is privileged.
- The target namespace must allow this pod under Pod Security Admission (`hostPID` and `hostPath`
  need the `privileged` level): see `docs/kubernetes.md`. Phoenix only targets the namespaces it
  manages (PHOENIX_KUBERNETES_NAMESPACES), where the install grants it a Role.
- `OTEL_RESOURCE_ATTRIBUTES=host.name=$(NODE_NAME)` from the downward API: the templates'
  `resourcedetection/host` runs the `env` detector first, so every series carries the node name.
- Secrets (the OTLP API key) only ever arrive through `secretKeyRef`; the config reads them as
  `${env:VAR}`. A secret the config does not reference is not mounted, so a variant that does not
  export over OTLP starts even where the Secret does not exist.
- The pod template carries `phoenix.io/config-hash`: a config change changes the template and the
  DaemonSet controller rolls the pods; any other change to the ConfigMap does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.runtimes.kubernetes.naming import ANNOTATION_CONFIG_HASH, selector_labels
from app.runtimes.kubernetes.variant_config import HOSTFS, PodRequirements

CONFIG_DIR = "/conf"
CONFIG_FILE = "collector.yaml"
CONTAINER_NAME = "otelcol"
POD_ENV = ("NODE_NAME", "OTEL_RESOURCE_ATTRIBUTES")
"""Variables every collector pod sets itself; a config may reference them."""


class MissingSecret(ValueError):
    """The config reads `${env:VAR}` and no `SecretEnv` says where VAR comes from."""


@dataclass(frozen=True)
class SecretEnv:
    """An environment variable of the collector filled from a key of a Secret in the target namespace."""

    env: str
    secret_name: str
    key: str


DEFAULT_OTLP_SECRET = SecretEnv(env="PHOENIX_OTLP_API_KEY", secret_name="phoenix-otlp", key="api-key")
"""The templates' default `otlp_api_key_env`, read from Secret `phoenix-otlp`, key `api-key`."""


@dataclass(frozen=True)
class ContainerResources:
    """Requests and limits of a collector container; equal for every variant so overheads compare fairly."""

    cpu_request: str = "50m"
    memory_request: str = "128Mi"
    cpu_limit: str = "1"
    memory_limit: str = "512Mi"

    def as_spec(self) -> dict[str, dict[str, str]]:
        return {
            "limits": {"cpu": self.cpu_limit, "memory": self.memory_limit},
            "requests": {"cpu": self.cpu_request, "memory": self.memory_request},
        }


def _env(requirements: PodRequirements, secrets: Sequence[SecretEnv]) -> list[dict[str, Any]]:
    by_name = {s.env: s for s in secrets}
    env: list[dict[str, Any]] = [
        # NODE_NAME first: Kubernetes only expands $(VAR) references to variables defined earlier.
        {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}},
        {"name": "OTEL_RESOURCE_ATTRIBUTES", "value": "host.name=$(NODE_NAME)"},
    ]
    missing = [name for name in requirements.env_vars if name not in POD_ENV and name not in by_name]
    if missing:
        raise MissingSecret(
            f"the config reads ${{env:{missing[0]}}} but no secret provides it "
            f"(pass SecretEnv({missing[0]!r}, <secret name>, <key>))"
        )
    for name in requirements.env_vars:
        if name in by_name:
            ref = by_name[name]
            env.append({"name": name, "valueFrom": {"secretKeyRef": {"name": ref.secret_name, "key": ref.key}}})
    return env


def _probe(requirements: PodRequirements, period: int, failures: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": requirements.health_path, "port": "health", "scheme": "HTTP"},
        "initialDelaySeconds": 5,
        "periodSeconds": period,
        "timeoutSeconds": 2,
        "failureThreshold": failures,
    }


def _container(
    requirements: PodRequirements, secrets: Sequence[SecretEnv], resources: ContainerResources, image: str
) -> dict[str, Any]:
    return {
        "name": CONTAINER_NAME,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "args": [f"--config={CONFIG_DIR}/{CONFIG_FILE}"],
        "env": _env(requirements, secrets),
        "ports": [{"name": p.name, "containerPort": p.port, "protocol": "TCP"} for p in requirements.ports],
        "livenessProbe": _probe(requirements, period=10, failures=6),
        "readinessProbe": _probe(requirements, period=5, failures=3),
        "resources": resources.as_spec(),
        "securityContext": {
            "runAsUser": 0,
            "runAsGroup": 0,
            "runAsNonRoot": False,
            "privileged": False,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"], "add": ["DAC_READ_SEARCH", "SYS_PTRACE"]},
        },
        "volumeMounts": [
            {"name": "config", "mountPath": CONFIG_DIR, "readOnly": True},
            {"name": "hostfs", "mountPath": HOSTFS, "readOnly": True, "mountPropagation": "HostToContainer"},
        ],
    }


def daemon_set(
    *,
    name: str,
    namespace: str,
    labels: Mapping[str, str],
    annotations: Mapping[str, str],
    config_hash: str,
    requirements: PodRequirements,
    node_selector: Mapping[str, str],
    tolerations: Sequence[Mapping[str, Any]],
    secrets: Sequence[SecretEnv],
    resources: ContainerResources,
    image: str,
) -> dict[str, Any]:
    """The DaemonSet of one variant; `name` is also the ConfigMap it mounts."""
    pod_annotations = {
        **annotations,
        ANNOTATION_CONFIG_HASH: config_hash,
        "prometheus.io/path": "/metrics",
        "prometheus.io/port": str(requirements.port("metrics")),
        "prometheus.io/scrape": "true",
    }
    pod_spec: dict[str, Any] = {
        "hostPID": True,
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "terminationGracePeriodSeconds": 30,
        "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
        "nodeSelector": dict(sorted({"kubernetes.io/os": "linux", **node_selector}.items())),
        "containers": [_container(requirements, secrets, resources, image)],
        "volumes": [
            {"name": "config", "configMap": {"name": name, "items": [{"key": CONFIG_FILE, "path": CONFIG_FILE}]}},
            {"name": "hostfs", "hostPath": {"path": "/", "type": "Directory"}},
        ],
    }
    if tolerations:
        pod_spec["tolerations"] = [dict(sorted(t.items())) for t in tolerations]
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": dict(labels),
            "annotations": dict(sorted({**annotations, ANNOTATION_CONFIG_HASH: config_hash}.items())),
        },
        "spec": {
            "selector": {"matchLabels": selector_labels(name)},
            "revisionHistoryLimit": 3,
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
            "template": {
                "metadata": {"labels": dict(labels), "annotations": dict(sorted(pod_annotations.items()))},
                "spec": pod_spec,
            },
        },
    }
