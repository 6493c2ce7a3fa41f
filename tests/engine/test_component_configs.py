"""What the 0.159.0 component models tell the engine and the validator beyond accept/reject
(accept/reject itself is checked against the real collector in tests/otelcol/test_component_agreement.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.engine.components.exporterhelper import SendingQueue
from app.engine.components.hostmetrics.config import HostmetricsConfig
from app.engine.components.otlp_receiver.config import OtlpReceiverConfig
from app.engine.components.resourcedetection.config import ResourceDetectionConfig
from app.engine.components.transform.config import TransformConfig
from app.validation import validate_config
from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings, no binary override)


def test_a_toggle_without_enabled_keeps_the_default() -> None:
    scraper = HostmetricsConfig.model_validate(
        {
            "scrapers": {
                "process": {
                    "metrics": {"process.cpu.time": {"attributes": ["state"]}, "process.threads": {}},
                    "resource_attributes": {"process.cgroup": {"metrics_include": [{"strict": "/a"}]}},
                }
            }
        }
    ).process_scraper()
    assert scraper is not None
    assert {"process.cpu.time", "process.memory.usage"} <= scraper.enabled_metrics()
    assert "process.threads" not in scraper.enabled_metrics()
    assert (
        scraper.resource_attributes.model_dump(by_alias=True, exclude_none=True)["process.cgroup"]["enabled"] is False
    )


def test_a_system_attribute_without_enabled_keeps_the_default() -> None:
    config = ResourceDetectionConfig.model_validate(
        {"detectors": ["system"], "system": {"resource_attributes": {"host.name": {}, "host.id": {}}}}
    )
    assert config.system is not None and config.system.resource_attributes is not None
    assert {k: t.enabled for k, t in config.system.resource_attributes.items()} == {"host.name": True, "host.id": False}
    assert ResourceDetectionConfig.model_validate({}).detectors == ["env"]


def test_a_turned_off_protocol_does_not_listen() -> None:
    receiver = OtlpReceiverConfig.model_validate(
        {"protocols": {"grpc": {"enabled": False, "endpoint": "0.0.0.0:4317"}, "http": None}}
    )
    assert [e for _, e in receiver.listen_endpoints()] == ["localhost:4318"]


def test_plain_statements_after_groups_form_a_last_group() -> None:
    config = TransformConfig.model_validate(
        {
            "metric_statements": [
                {"context": "Resource", "statements": ['set(attributes["a"], "b")']},
                {"context": "exemplar", "statements": ['set(filtered_attributes["a"], "b")']},
                'set(metric.description, "x")',
            ]
        }
    )
    assert [(path, context) for path, context, _ in config.groups()] == [
        (("metric_statements", 0), "resource"),
        (("metric_statements", 1), "exemplar"),
        (("metric_statements",), None),
    ]
    # exemplar OTTL is left to the collector; the plain statement keeps its own index
    assert [(e.path, e.context) for e in config.ottl_expressions()] == [
        (("metric_statements", 0, "statements", 0), "resource"),
        (("metric_statements", 2), None),
    ]


@pytest.mark.parametrize(
    ("queue", "ok"),
    [
        ({"sizer": "bytes", "batch": {}}, False),  # the batch takes the queue's sizer: 8192 > 1000
        ({"sizer": "bytes", "batch": None}, True),  # a null batch keeps its own default sizer (items)
        ({"sizer": "bytes", "batch": {"enabled": False}}, True),
        ({"enabled": False, "num_consumers": 0}, True),
    ],
)
def test_the_batch_sizer_follows_the_queue_only_when_written(queue: dict, ok: bool) -> None:
    if ok:
        SendingQueue.model_validate(queue)
    else:
        with pytest.raises(ValidationError, match="min_size"):
            SendingQueue.model_validate(queue)


def test_a_phoenix_policy_is_not_reported_as_a_collector_refusal() -> None:
    text = """
receivers:
  otlp: {protocols: {grpc: {endpoint: "localhost:4317"}}}
processors:
  metrics_transform:
    transforms: [{include: a, action: update, operations: [{action: aggregate_labels, label_set: [x]}]}]
exporters:
  debug: {}
service:
  pipelines:
    metrics: {receivers: [otlp], processors: [metrics_transform], exporters: [debug]}
"""
    [issue] = [i for i in validate_config(text, run_otelcol=False).errors if i.tier == "schema"]
    assert issue.refused_by == "phoenix" and "aggregation_type" in issue.message
