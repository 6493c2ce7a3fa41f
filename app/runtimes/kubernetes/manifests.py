"""Manifests of one pipeline variant: PhoenixProcessPipeline, ConfigMap, Service and DaemonSet.

`build_variant_manifests` is a pure function: the same rendered config and inputs always give the
same objects, key for key, so the API can show them, the reconciler can apply them, the GitOps
exporter can commit them (re-exports make no new commit) and tests can compare them. The objects
are plain dicts that `yaml.safe_dump` and kubernetes_asyncio accept as they are.

The custom resource is the desired state (`spec.config`, `spec.configHash`, ...). The ConfigMap,
Service and DaemonSet are what the reconciler makes of it; `VariantManifests.owned_by(uid)` gives
them an owner reference to the applied custom resource so deleting it removes them.

Render the config with `variant_config.collector_parameters(...)` so it reads the host through
`/hostfs` and listens on the variant's ports; `build_variant_manifests` refuses anything else.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.naming import is_dns_1123_label
from app.engine.collector import CONTRIB_IMAGE
from app.runtimes.base import config_hash
from app.runtimes.kubernetes.crd import API_VERSION, KIND
from app.runtimes.kubernetes.naming import (
    ANNOTATION_CONFIG_HASH,
    ANNOTATION_EXPERIMENT_ID,
    ANNOTATION_TEMPLATE,
    InvalidName,
    check_label_value,
    check_node_selector,
    selector_labels,
    variant_labels,
    variant_object_name,
    variant_role,
)
from app.runtimes.kubernetes.serialize import dump_objects
from app.runtimes.kubernetes.variant_config import VariantPorts, pod_requirements
from app.runtimes.kubernetes.workload import (
    CONFIG_FILE,
    DEFAULT_OTLP_SECRET,
    ContainerResources,
    SecretEnv,
    daemon_set,
)


@dataclass(frozen=True)
class VariantTarget:
    """Where a variant runs: a namespace, the nodes its DaemonSet selects, optional tolerations."""

    namespace: str = "default"
    node_selector: Mapping[str, str] = field(default_factory=dict)
    tolerations: Sequence[Mapping[str, Any]] = ()

    def __post_init__(self) -> None:
        if not is_dns_1123_label(self.namespace):
            raise InvalidName(f"namespace {self.namespace!r} is not a DNS-1123 label")
        check_node_selector(dict(self.node_selector))


# `config_hash` (runtimes.base) is what `phoenix.io/config-hash` and `spec.configHash` hold.


def _plain(value: Any) -> Any:
    """JSON-compatible copy with mapping keys sorted, so parameters always serialise the same way."""
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class VariantManifests:
    """Every object of one variant, plus what identifies it."""

    name: str
    namespace: str
    experiment: str
    variant: str
    template: str
    config_hash: str
    pipeline: dict[str, Any]
    config_map: dict[str, Any]
    service: dict[str, Any]
    daemon_set: dict[str, Any]

    @property
    def objects(self) -> list[dict[str, Any]]:
        """All objects in apply order: the custom resource, then the ConfigMap before the pods that mount it."""
        return copy.deepcopy([self.pipeline, self.config_map, self.service, self.daemon_set])

    @property
    def workload(self) -> list[dict[str, Any]]:
        """ConfigMap, Service, DaemonSet (what the reconciler creates for the custom resource), in apply order."""
        return copy.deepcopy([self.config_map, self.service, self.daemon_set])

    def owned_by(self, uid: str) -> list[dict[str, Any]]:
        """`workload` with an owner reference to the applied custom resource (its `metadata.uid`)."""
        owner = {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "name": self.name,
            "uid": uid,
            "controller": True,
            "blockOwnerDeletion": True,
        }
        out = self.workload
        for obj in out:
            obj["metadata"]["ownerReferences"] = [dict(owner)]
        return out

    def to_yaml(self) -> str:
        """`objects` as one multi-document YAML stream."""
        return dump_objects(self.objects)


def _config_map(
    name: str, namespace: str, labels: dict[str, str], annotations: dict[str, str], config_yaml: str
) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations},
        "data": {CONFIG_FILE: config_yaml},
    }


def _service(
    name: str,
    namespace: str,
    labels: dict[str, str],
    annotations: dict[str, str],
    metrics_port: int,
    telemetry_port: int,
) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations},
        "spec": {
            "type": "ClusterIP",
            "selector": selector_labels(name),
            "ports": [
                {"name": "metrics", "port": metrics_port, "targetPort": "metrics", "protocol": "TCP"},
                {"name": "telemetry", "port": telemetry_port, "targetPort": "telemetry", "protocol": "TCP"},
            ],
        },
    }


def _pipeline(
    *,
    name: str,
    namespace: str,
    labels: dict[str, str],
    annotations: dict[str, str],
    experiment: str,
    experiment_id: str,
    variant: str,
    template: str,
    parameters: Mapping[str, Any],
    digest: str,
    config_yaml: str,
    target: VariantTarget,
    ports: VariantPorts,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "experiment": experiment,
        "experimentId": experiment_id,
        "variant": variant,
        "role": variant_role(variant),
        "template": template,
        "parameters": _plain(parameters),
        "configHash": digest,
        "config": config_yaml,
        "nodeSelector": dict(sorted(target.node_selector.items())),
        "ports": ports.as_spec(),
    }
    if target.tolerations:
        spec["tolerations"] = [_plain(t) for t in target.tolerations]
    return {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations},
        "spec": spec,
    }


def build_variant_manifests(
    *,
    config_yaml: str,
    experiment: str,
    variant: str,
    template: str,
    parameters: Mapping[str, Any],
    target: VariantTarget,
    ports: VariantPorts,
    experiment_id: str | None = None,
    secrets: Sequence[SecretEnv] = (DEFAULT_OTLP_SECRET,),
    resources: ContainerResources | None = None,
    image: str = CONTRIB_IMAGE,
) -> VariantManifests:
    """The objects that run `config_yaml` as variant `variant` of `experiment` on `target`.

    `experiment` is the experiment's name (DNS-1123, the label and folder everyone reads);
    `experiment_id` its stored id (an annotation and `spec.experimentId`; the name when omitted).
    `variant` is `baseline`, `candidate` or a deployment's name. `template` names the catalog
    template (or `custom` for a saved pipeline) and `parameters` are the values it was rendered
    with; both are recorded, never re-rendered here.

    Raises `variant_config.ConfigMismatch` when the config cannot run in the pod (root_path, ports,
    loopback listeners), `workload.MissingSecret` when it reads an env var no secret provides, and
    `naming.InvalidName` for names Kubernetes would refuse.
    """
    check_label_value(experiment, "experiment")
    check_label_value(variant, "variant")
    if not is_dns_1123_label(template):
        raise InvalidName(f"template {template!r} is not a DNS-1123 label")
    experiment_id = check_label_value(experiment_id or experiment, "experiment_id")
    requirements = pod_requirements(config_yaml, ports)
    name = variant_object_name(experiment, variant)
    namespace = target.namespace
    labels = variant_labels(name, experiment, variant)
    digest = config_hash(config_yaml)
    identity = {ANNOTATION_EXPERIMENT_ID: experiment_id, ANNOTATION_TEMPLATE: template}
    annotations = dict(sorted({**identity, ANNOTATION_CONFIG_HASH: digest}.items()))
    return VariantManifests(
        name=name,
        namespace=namespace,
        experiment=experiment,
        variant=variant,
        template=template,
        config_hash=digest,
        pipeline=_pipeline(
            name=name,
            namespace=namespace,
            labels=dict(labels),
            annotations=dict(annotations),
            experiment=experiment,
            experiment_id=experiment_id,
            variant=variant,
            template=template,
            parameters=parameters,
            digest=digest,
            config_yaml=config_yaml,
            target=target,
            ports=ports,
        ),
        config_map=_config_map(name, namespace, dict(labels), dict(annotations), config_yaml),
        service=_service(
            name,
            namespace,
            dict(labels),
            dict(sorted(identity.items())),
            requirements.port("metrics"),
            requirements.port("telemetry"),
        ),
        daemon_set=daemon_set(
            name=name,
            namespace=namespace,
            labels=labels,
            annotations=dict(sorted(identity.items())),
            config_hash=digest,
            requirements=requirements,
            node_selector=target.node_selector,
            tolerations=target.tolerations,
            secrets=secrets,
            resources=resources or ContainerResources(),
            image=image,
        ),
    )
