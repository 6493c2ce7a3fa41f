"""The manifests of a variant: valid for Kubernetes 1.30 (strict), and each promise the runtime makes about them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from app.engine.collector import CONTRIB_IMAGE
from app.runtimes.kubernetes.crd import API_VERSION, KIND, validation_errors
from app.runtimes.kubernetes.manifests import VariantTarget, config_hash
from app.runtimes.kubernetes.naming import ANNOTATION_CONFIG_HASH
from app.runtimes.kubernetes.workload import ContainerResources, MissingSecret, SecretEnv
from app.validation import check_port_conflicts
from tests.runtimes.conftest import BuildVariant
from tests.runtimes.kubernetes.conftest import TEMPLATE_NAMES, assert_valid_kubernetes


def _pod(manifests: Any) -> dict[str, Any]:
    return manifests.daemon_set["spec"]["template"]["spec"]


def _container(manifests: Any) -> dict[str, Any]:
    (container,) = _pod(manifests)["containers"]
    return container


def _walk(node: Any, key: str) -> list[Any]:
    """Every value stored under `key` anywhere in `node`."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                found.append(v)
            found += _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            found += _walk(item, key)
    return found


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
@pytest.mark.parametrize("variant", ["baseline", "candidate", "prod-rollout"])
def test_every_template_gives_valid_objects(build_variant: BuildVariant, template: str, variant: str) -> None:
    manifests = build_variant(template, variant=variant)
    kinds = [obj["kind"] for obj in manifests.objects]
    assert kinds == [KIND, "ConfigMap", "Service", "DaemonSet"]
    for obj in manifests.workload:
        assert_valid_kubernetes(obj)
    for obj in manifests.owned_by("0b6a3c4e-8d2f-4a51-9c77-2f9d8e1b0a11"):
        assert_valid_kubernetes(obj)
    assert manifests.pipeline["apiVersion"] == API_VERSION
    assert validation_errors(manifests.pipeline) == []


def test_pod_sees_host_processes_without_host_network(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    pod = _pod(manifests)
    assert pod["hostPID"] is True
    assert not pod.get("hostNetwork", False)
    assert _walk(manifests.objects, "hostPort") == []
    assert _walk(manifests.objects, "hostNetwork") == []


def test_host_root_is_mounted_read_only_and_the_config_reads_it(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    pod, container = _pod(manifests), _container(manifests)
    (hostfs,) = [v for v in pod["volumes"] if v["name"] == "hostfs"]
    assert hostfs["hostPath"]["path"] == "/"
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == "hostfs"]
    assert mount["mountPath"] == "/hostfs"
    assert mount["readOnly"] is True
    assert all(m["readOnly"] is True for m in container["volumeMounts"])
    config = yaml.safe_load(manifests.config_map["data"]["collector.yaml"])
    assert config["receivers"]["host_metrics"]["root_path"] == "/hostfs"
    assert container["args"] == ["--config=/conf/collector.yaml"]
    assert container["image"] == CONTRIB_IMAGE == "otel/opentelemetry-collector-contrib:0.159.0"


def test_baseline_and_candidate_use_distinct_container_ports(build_variant: BuildVariant) -> None:
    baseline = build_variant("process-baseline-v1", variant="baseline")
    candidate = build_variant("process-topk-v1", variant="candidate")

    def ports(m: Any) -> dict[str, int]:
        return {p["name"]: p["containerPort"] for p in _container(m)["ports"]}

    assert set(ports(baseline)) >= {"metrics", "health", "telemetry"}
    assert not set(ports(baseline).values()) & set(ports(candidate).values())
    configs = {
        "baseline": baseline.config_map["data"]["collector.yaml"],
        "candidate": candidate.config_map["data"]["collector.yaml"],
    }
    assert check_port_conflicts(configs) == []
    assert baseline.name != candidate.name
    assert baseline.pipeline["spec"]["ports"] != candidate.pipeline["spec"]["ports"]


def test_labels_and_selectors(build_variant: BuildVariant) -> None:
    manifests = build_variant(experiment="checkout", variant="candidate")
    expected = {
        "app.kubernetes.io/name": "phoenix-collector",
        "app.kubernetes.io/managed-by": "phoenix",
        "phoenix.io/experiment": "checkout",
        "phoenix.io/variant": "candidate",
    }
    pod_labels = manifests.daemon_set["spec"]["template"]["metadata"]["labels"]
    for labels in [obj["metadata"]["labels"] for obj in manifests.objects] + [pod_labels]:
        assert expected.items() <= labels.items()
    selector = manifests.daemon_set["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()
    assert manifests.service["spec"]["selector"] == selector
    assert manifests.service["spec"]["type"] == "ClusterIP"
    container_ports = {p["name"] for p in _container(manifests)["ports"]}
    assert {p["targetPort"] for p in manifests.service["spec"]["ports"]} <= container_ports


def test_config_hash_everywhere_and_prometheus_annotations(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    digest = config_hash(manifests.config_map["data"]["collector.yaml"])
    assert manifests.config_hash == digest
    template_meta = manifests.daemon_set["spec"]["template"]["metadata"]
    for where in (manifests.config_map["metadata"], manifests.daemon_set["metadata"], template_meta):
        assert where["annotations"][ANNOTATION_CONFIG_HASH] == digest
    assert manifests.pipeline["spec"]["configHash"] == digest
    assert manifests.pipeline["spec"]["config"] == manifests.config_map["data"]["collector.yaml"]
    scrape = template_meta["annotations"]
    assert scrape["prometheus.io/scrape"] == "true"
    assert scrape["prometheus.io/path"] == "/metrics"
    assert scrape["prometheus.io/port"] == str(manifests.pipeline["spec"]["ports"]["prometheus"])


def test_config_hash_changes_with_a_parameter_and_only_then(build_variant: BuildVariant) -> None:
    base = build_variant(parameters={"collection_interval": "10s"})
    same = build_variant(parameters={"collection_interval": "10s"})
    moved = build_variant(
        parameters={"collection_interval": "10s"},
        target=VariantTarget(namespace="elsewhere", node_selector={"pool": "db"}, tolerations=[{"operator": "Exists"}]),
        resources=ContainerResources(memory_limit="1Gi"),
    )
    changed = build_variant(parameters={"collection_interval": "30s"})
    pod_hash = lambda m: m.daemon_set["spec"]["template"]["metadata"]["annotations"][ANNOTATION_CONFIG_HASH]  # noqa: E731
    assert pod_hash(base) == pod_hash(same) == pod_hash(moved)
    assert pod_hash(changed) != pod_hash(base)
    assert changed.pipeline["spec"]["configHash"] != base.pipeline["spec"]["configHash"]


def test_api_key_comes_from_a_secret_reference(build_variant: BuildVariant) -> None:
    manifests = build_variant(parameters={"otlp_enabled": True})
    env = {e["name"]: e for e in _container(manifests)["env"]}
    key = env["PHOENIX_OTLP_API_KEY"]
    assert "value" not in key
    assert key["valueFrom"] == {"secretKeyRef": {"name": "phoenix-otlp", "key": "api-key"}}
    assert "${env:PHOENIX_OTLP_API_KEY}" in manifests.config_map["data"]["collector.yaml"]

    custom = build_variant(
        parameters={"otlp_api_key_env": "BACKEND_TOKEN"}, secrets=[SecretEnv("BACKEND_TOKEN", "backend", "token")]
    )
    env = {e["name"]: e for e in _container(custom)["env"]}
    assert env["BACKEND_TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": "backend", "key": "token"}

    with pytest.raises(MissingSecret, match="BACKEND_TOKEN"):
        build_variant(parameters={"otlp_api_key_env": "BACKEND_TOKEN"})


def test_no_secret_is_mounted_when_the_config_does_not_read_it(build_variant: BuildVariant) -> None:
    manifests = build_variant(parameters={"otlp_enabled": False})
    assert _walk(manifests.objects, "secretKeyRef") == []


def test_node_name_reaches_the_resource_attributes(build_variant: BuildVariant) -> None:
    env = _container(build_variant())["env"]
    names = [e["name"] for e in env]
    assert names.index("NODE_NAME") < names.index("OTEL_RESOURCE_ATTRIBUTES")
    (node,) = [e for e in env if e["name"] == "NODE_NAME"]
    assert node["valueFrom"]["fieldRef"]["fieldPath"] == "spec.nodeName"
    (attrs,) = [e for e in env if e["name"] == "OTEL_RESOURCE_ATTRIBUTES"]
    assert attrs["value"] == "host.name=$(NODE_NAME)"


def test_probes_resources_and_security(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    container = _container(manifests)
    health = manifests.pipeline["spec"]["ports"]["healthCheck"]
    assert {"name": "health", "containerPort": health, "protocol": "TCP"} in container["ports"]
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["port"] == "health"
        assert container[probe]["httpGet"]["path"] == "/"
    assert set(container["resources"]) == {"requests", "limits"}
    assert set(container["resources"]["limits"]) == {"cpu", "memory"}
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["privileged"] is False
    assert security["capabilities"] == {"drop": ["ALL"], "add": ["DAC_READ_SEARCH", "SYS_PTRACE"]}
    assert _pod(manifests)["automountServiceAccountToken"] is False


def test_target_sets_namespace_node_selector_and_tolerations(build_variant: BuildVariant) -> None:
    toleration = {"key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoSchedule"}
    manifests = build_variant(
        target=VariantTarget(namespace="prod", node_selector={"pool": "db"}, tolerations=[toleration])
    )
    assert {obj["metadata"]["namespace"] for obj in manifests.objects} == {"prod"}
    pod = _pod(manifests)
    assert pod["nodeSelector"] == {"kubernetes.io/os": "linux", "pool": "db"}
    assert pod["tolerations"] == [dict(sorted(toleration.items()))]
    assert manifests.pipeline["spec"]["nodeSelector"] == {"pool": "db"}
    assert_valid_kubernetes(manifests.daemon_set)
    assert validation_errors(manifests.pipeline) == []


def test_very_long_names_stay_within_63_characters(build_variant: BuildVariant) -> None:
    experiment = "a" * 30 + "-" + "b" * 32
    variant = "deployment-" + "c" * 52
    manifests = build_variant(experiment=experiment, variant=variant)
    for obj in manifests.objects:
        assert len(obj["metadata"]["name"]) <= 63
        assert all(len(v) <= 63 for v in obj["metadata"]["labels"].values())
        if obj["kind"] != KIND:
            assert_valid_kubernetes(obj)
    assert validation_errors(manifests.pipeline) == []
    other = build_variant(experiment=experiment, variant=variant[:-1] + "d")
    assert other.name != manifests.name


def test_output_is_deterministic(build_variant: BuildVariant) -> None:
    params = {"critical_processes": ["postgres", "nginx"], "collection_interval": "15s", "k": 5}
    first = build_variant(parameters=params)
    second = build_variant(parameters=dict(reversed(list(params.items()))))
    assert first.to_yaml() == second.to_yaml()
    assert first.objects == second.objects


def test_to_yaml_round_trips_with_the_config_as_a_block(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    text = manifests.to_yaml()
    assert list(yaml.safe_load_all(text)) == manifests.objects
    assert "collector.yaml: |" in text
    assert yaml.safe_dump(manifests.objects)  # plain dicts: safe_dump accepts them as they are


def test_objects_are_copies(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    manifests.objects[3]["spec"]["template"]["spec"]["hostPID"] = False
    assert manifests.daemon_set["spec"]["template"]["spec"]["hostPID"] is True


def test_owner_references_point_at_the_custom_resource(build_variant: BuildVariant) -> None:
    manifests = build_variant()
    for obj in manifests.owned_by("uid-1"):
        (owner,) = obj["metadata"]["ownerReferences"]
        assert owner == {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "name": manifests.name,
            "uid": "uid-1",
            "controller": True,
            "blockOwnerDeletion": True,
        }
    assert "ownerReferences" not in manifests.config_map["metadata"]
