"""Golden cases for resource, attributes and resourcedetection (their READMEs): actions in order,
resource vs datapoint attributes, detection once with "first detector wins" and override."""

from __future__ import annotations

import hashlib
import socket

import pytest

from app.engine.components.resourcedetection.config import ResourceDetectionConfig
from app.engine.components.resourcedetection.processor import ResourceDetectionProcessor, parse_env_attributes
from app.engine.errors import EngineUnsupported
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, process


def _resource_attrs(actions: list[dict], **extra: object) -> dict:
    processor = build_processor("resource", "resource", {"attributes": actions})
    return processor.process(batch(process(7, "a", extra=dict(extra)))).resource_metrics[0].resource.attributes


def test_insert_update_upsert() -> None:
    attributes = _resource_attrs(
        [
            {"key": "process.owner", "value": "nobody", "action": "insert"},  # exists: unchanged
            {"key": "team", "value": "db", "action": "insert"},
            {"key": "missing", "value": "x", "action": "update"},  # absent: not created
            {"key": "process.command", "value": "cmd", "action": "update"},
            {"key": "phoenix.variant", "value": "candidate", "action": "upsert"},
            {"key": "copy", "from_attribute": "process.pid", "action": "upsert"},
            {"key": "nothing", "from_attribute": "absent", "action": "upsert"},
        ]
    )
    assert attributes["process.owner"] == "root" and attributes["team"] == "db" and "missing" not in attributes
    assert attributes["process.command"] == "cmd" and attributes["phoenix.variant"] == "candidate"
    assert attributes["copy"] == 7 and "nothing" not in attributes


def test_delete_by_key_and_pattern_and_hash() -> None:
    attributes = _resource_attrs(
        [
            {"key": "process.pid", "action": "delete"},
            {"pattern": "^process\\.command", "action": "delete"},
            {"key": "process.owner", "action": "hash"},
        ]
    )
    assert "process.pid" not in attributes and "process.command" not in attributes
    assert "process.command_line" not in attributes
    assert attributes["process.owner"] == hashlib.sha256(b"root").hexdigest()


def test_extract_and_convert() -> None:
    attributes = _resource_attrs(
        [
            {"key": "process.command_line", "pattern": "--id (?P<instance>\\d+)", "action": "extract"},
            {"key": "instance", "action": "convert", "converted_type": "int"},
            {"key": "process.pid", "action": "convert", "converted_type": "string"},
        ]
    )
    assert attributes["instance"] == 7 and attributes["process.pid"] == "7"


def test_attributes_processor_changes_datapoints_never_the_resource() -> None:
    processor = build_processor(
        "attributes",
        "attributes",
        {
            "actions": [
                {"key": "state", "action": "delete"},
                {"key": "process.pid", "action": "delete"},
                {"key": "host", "value": "h1", "action": "insert"},
            ]
        },
    )
    out = processor.process(batch(process(1, "a")))
    assert out.resource_metrics[0].resource.attributes["process.pid"] == 1
    assert [dp.attributes for dp in metric(out, "process.cpu.time").data_points] == [{"host": "h1"}] * 3


def test_attributes_processor_include_selects_metrics() -> None:
    processor = build_processor(
        "attributes",
        "attributes",
        {
            "include": {"match_type": "strict", "metric_names": ["process.disk.io"]},
            "actions": [{"key": "direction", "action": "delete"}],
        },
    )
    out = processor.process(batch(process(1, "a")))
    assert all(dp.attributes == {} for dp in metric(out, "process.disk.io").data_points)
    assert all("state" in dp.attributes for dp in metric(out, "process.cpu.time").data_points)


def _detector(environ: dict[str, str] | None = None, **config: object) -> ResourceDetectionProcessor:
    return ResourceDetectionProcessor(
        "resourcedetection", ResourceDetectionConfig.model_validate(config), environ=environ or {}
    )


def test_system_detector_sets_host_name_and_os_type_from_this_host() -> None:
    processor = _detector(detectors=["system"], system={"hostname_sources": ["os"]})
    attributes = processor.process(batch(process(1, "a"))).resource_metrics[0].resource.attributes
    assert attributes["host.name"] == socket.gethostname() and attributes["os.type"] == "linux"
    assert "host.id" not in attributes  # not enabled by default


def test_env_detector_wins_when_listed_first() -> None:
    processor = _detector(
        {"OTEL_RESOURCE_ATTRIBUTES": "host.name=node-7,team=a%2Cb"},
        detectors=["env", "system"],
        system={"hostname_sources": ["os"]},
    )
    assert processor.detected["host.name"] == "node-7" and processor.detected["team"] == "a,b"
    assert processor.detected["os.type"] == "linux"


def test_override_false_keeps_existing_attributes() -> None:
    keep = _detector({"OTEL_RESOURCE_ATTRIBUTES": "process.owner=x,new=1"}, detectors=["env"], override=False)
    attributes = keep.process(batch(process(1, "a"))).resource_metrics[0].resource.attributes
    assert attributes["process.owner"] == "root" and attributes["new"] == "1"
    replace = _detector({"OTEL_RESOURCE_ATTRIBUTES": "process.owner=x"}, detectors=["env"])
    assert replace.process(batch(process(1, "a"))).resource_metrics[0].resource.attributes["process.owner"] == "x"


def test_parse_env_attributes_skips_malformed_pairs() -> None:
    assert parse_env_attributes("a=1, b = 2,broken,=x") == {"a": "1", "b": "2"}


def test_cloud_detectors_are_unsupported() -> None:
    with pytest.raises(EngineUnsupported, match="ec2"):
        _detector(detectors=["env", "ec2"])
