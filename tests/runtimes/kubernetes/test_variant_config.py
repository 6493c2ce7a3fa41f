"""A rendered config must fit the pod built for it; names must be valid, unique and stable."""

from __future__ import annotations

import pytest

from app.pipelines.render import render_template
from app.runtimes.kubernetes.manifests import VariantTarget, build_variant_manifests
from app.runtimes.kubernetes.naming import DNS_1035_LABEL, InvalidName, variant_object_name
from app.runtimes.kubernetes.variant_config import (
    VARIANT_PORTS,
    ConfigMismatch,
    VariantPorts,
    collector_parameters,
    pod_requirements,
    ports_for_variant,
)


def _render(variant: str = "candidate", **overrides: object) -> str:
    ports = ports_for_variant(variant)
    values = {**collector_parameters({}, experiment_id="exp", variant=variant, ports=ports), **overrides}
    return render_template("process-priority-filter-v1", values).config_yaml


def _build(config_yaml: str, variant: str = "candidate") -> None:
    build_variant_manifests(
        config_yaml=config_yaml,
        experiment="exp",
        variant=variant,
        template="process-priority-filter-v1",
        parameters={},
        target=VariantTarget(),
        ports=ports_for_variant(variant),
    )


def test_collector_parameters_set_hostfs_labels_and_ports() -> None:
    ports = ports_for_variant("baseline")
    values = collector_parameters(
        {"host_root_path": "", "variant": "x", "k": 3}, experiment_id="exp", variant="baseline", ports=ports
    )
    assert values == {
        "k": 3,
        "experiment_id": "exp",
        "variant": "baseline",
        "host_root_path": "/hostfs",
        "prometheus_port": 8889,
        "health_check_port": 13133,
        "telemetry_port": 8888,
    }


def test_role_ports_never_share_a_number() -> None:
    numbers = [n for ports in VARIANT_PORTS.values() for n in (ports.prometheus, ports.health_check, ports.telemetry)]
    assert len(numbers) == len(set(numbers))
    assert ports_for_variant("some-deployment") == VARIANT_PORTS["deployment"]
    with pytest.raises(ValueError, match="must differ"):
        VariantPorts(9000, 9000, 9001)
    with pytest.raises(ValueError, match="1024-65535"):
        VariantPorts(80, 9000, 9001)


def test_config_without_hostfs_is_refused() -> None:
    with pytest.raises(ConfigMismatch, match="root_path"):
        _build(_render(host_root_path=""))


def test_config_on_other_ports_is_refused() -> None:
    with pytest.raises(ConfigMismatch, match="prometheus exporter"):
        _build(_render(prometheus_port=7000))
    with pytest.raises(ConfigMismatch, match="health_check"):
        _build(_render(health_check_port=7001))
    with pytest.raises(ConfigMismatch, match="telemetry"):
        _build(_render(telemetry_port=7002))


def test_listener_on_loopback_is_refused() -> None:
    text = _render().replace("endpoint: '0.0.0.0:13134'", "endpoint: 'localhost:13134'")
    assert "localhost:13134" in text
    with pytest.raises(ConfigMismatch, match=r"0\.0\.0\.0"):
        _build(text)


def test_requirements_read_ports_probe_path_and_env() -> None:
    text = _render().replace('path: "/"', 'path: "/health/status"')
    needs = pod_requirements(text, ports_for_variant("candidate"))
    assert [(p.name, p.port) for p in needs.ports] == [("metrics", 9889), ("telemetry", 9888), ("health", 13134)]
    assert needs.health_path == "/health/status"
    assert needs.env_vars == ("PHOENIX_OTLP_API_KEY",)


def test_broken_yaml_is_a_mismatch_not_a_crash() -> None:
    with pytest.raises(ConfigMismatch, match="YAML"):
        _build("receivers: [unclosed")
    with pytest.raises(ConfigMismatch, match="mapping"):
        _build("- a list")


def test_names_are_dns_labels_unique_and_stable() -> None:
    assert variant_object_name("a-b", "c") != variant_object_name("a", "b-c")
    assert variant_object_name("exp", "my_rollout") != variant_object_name("exp", "my-rollout")
    name = variant_object_name("checkout", "candidate")
    assert name.startswith("phoenix-checkout-candidate-") and name == variant_object_name("checkout", "candidate")
    long = variant_object_name("x" * 63, "y" * 63)
    assert len(long) == 63 and DNS_1035_LABEL.match(long)
    assert DNS_1035_LABEL.match(variant_object_name("9lives", "_odd_"[1:-1]))
    for bad in ("", "-lead", "x" * 64, "sp ace"):
        with pytest.raises(InvalidName):
            variant_object_name(bad, "candidate")


def test_invalid_target_and_template_are_refused() -> None:
    with pytest.raises(InvalidName):
        VariantTarget(namespace="Not_A_Label")
    VariantTarget(node_selector={"node-role.kubernetes.io/worker": "", "pool": "db_1"})
    for selector in ({"bad key!": "x"}, {"pool": "no spaces"}, {"Upper.Prefix/x": "y"}, {"k": "v" * 64}):
        with pytest.raises(InvalidName):
            VariantTarget(node_selector=selector)
    with pytest.raises(InvalidName, match="template"):
        build_variant_manifests(
            config_yaml=_render(),
            experiment="exp",
            variant="candidate",
            template="Bad Name",
            parameters={},
            target=VariantTarget(),
            ports=ports_for_variant("candidate"),
        )
