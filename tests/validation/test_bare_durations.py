"""A duration written as a bare number loads in the collector as nanoseconds: Phoenix accepts it
as the collector does and warns, with the key's path and line."""

from __future__ import annotations

from app.engine.components.common import go_duration_seconds
from app.engine.registry import get_component
from app.validation import validate_config

CONFIG = """\
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:4318
exporters:
  file/x:
    path: ./metrics.json
    flush_interval: 5
  debug: {}
service:
  pipelines:
    metrics:
      receivers: [otlp]
      exporters: [file/x, debug]
"""


def test_a_bare_number_duration_is_a_warning_at_its_line() -> None:
    result = validate_config(CONFIG, run_otelcol=False)
    assert result.valid, result.errors
    [warning] = [w for w in result.warnings if w.code == "semantic.component_setting"]
    assert (warning.path, warning.line, warning.refused_by) == ("exporters.file/x.flush_interval", 9, "phoenix")
    assert "5 nanoseconds" in warning.message


def test_the_model_reads_it_as_the_collector_does() -> None:
    config = get_component("exporter", "file").config_model.model_validate({"path": "x", "flush_interval": 5})
    assert go_duration_seconds(config.flush_interval) == 5e-9
    zero = get_component("exporter", "file").config_model.model_validate({"path": "x", "flush_interval": 0})
    assert go_duration_seconds(zero.flush_interval) == 0.0


def test_a_unit_gets_no_warning() -> None:
    result = validate_config(CONFIG.replace("flush_interval: 5", "flush_interval: 5s"), run_otelcol=False)
    assert not [w for w in result.warnings if w.code == "semantic.component_setting"]
