"""The validation tiers one by one: parse limits, schema details, OTTL fallback, otelcol."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.validation import format_path, validate_config
from app.validation.source import MAX_DEPTH, load

REFERENCE = (Path(__file__).parent / "broken_configs" / "00_valid_baseline.yaml").read_text()


def _only(text: str, tier: str) -> list:
    result = validate_config(text)
    return [i for i in result.errors + result.warnings if i.tier == tier]


def test_paths_are_dotted_with_indexes() -> None:
    assert (
        format_path(("processors", "filter/drop", "metrics", "datapoint", 0))
        == "processors.filter/drop.metrics.datapoint[0]"
    )


def test_lines_point_at_keys_and_list_items() -> None:
    source = load(REFERENCE)
    lines = REFERENCE.splitlines()
    assert lines[source.line_of(("processors", "filter/idle")) - 1].strip() == "filter/idle:"
    item = source.line_of(("processors", "filter/idle", "metrics", "datapoint", 0))
    assert lines[item - 1].strip().startswith("- 'metric.name")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "config is empty"),
        ("a: 1\n---\nb: 2\n", "YAML syntax error"),
        ("a: !!python/object:os.system x\n", "YAML error"),
        ("x: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n", "nested deeper"),
        ("a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(120)), "aliases"),
        ("a: &a\n  b: *a\n", "recursive alias"),
        ("x" * 1_100_000, "larger than"),
    ],
)
def test_parse_tier_refuses_hostile_yaml(text: str, message: str) -> None:
    result = validate_config(text)
    assert not result.valid
    assert result.errors[0].tier == "parse" and message in result.errors[0].message


def test_unknown_top_level_key_is_a_schema_error() -> None:
    issues = _only(REFERENCE + "pipelines: {}\n", "schema")
    assert issues[0].message.startswith("unknown top-level key 'pipelines'")


def test_env_placeholders_are_warnings_not_errors() -> None:
    text = REFERENCE.replace("    timeout: 5s\n", "    timeout: 5s\n    send_batch_size: ${env:BATCH_SIZE}\n")
    result = validate_config(text)
    assert result.valid
    assert any("comes from the environment" in w.message for w in result.warnings)


def test_unknown_keys_of_lenient_components_are_warnings() -> None:
    text = REFERENCE.replace("    collection_interval: 10s\n", "    collection_interval: 10s\n    colection: 1\n")
    result = validate_config(text)
    assert result.valid
    assert [w.path for w in result.warnings] == ["receivers.hostmetrics.colection"]


def test_missing_error_mode_is_not_a_finding() -> None:
    # The pinned filter and transform processors default to `ignore` (since 0.153).
    result = validate_config(REFERENCE.replace("    error_mode: ignore\n", ""), run_otelcol=False)
    assert result.valid and not result.warnings


def test_unused_extension_is_only_a_warning() -> None:
    result = validate_config(REFERENCE.replace("  extensions: [health_check]\n", ""))
    assert result.valid and "not enabled in service.extensions" in result.warnings[0].message
    assert result.warnings[0].code == "policy.unused_component"


def test_component_must_support_the_pipeline_signal() -> None:
    text = REFERENCE.replace(
        "  pipelines:\n", "  pipelines:\n    traces:\n      receivers: [hostmetrics]\n      exporters: [prometheus]\n"
    )
    messages = [e.message for e in _only(text, "graph")]
    assert "receiver 'hostmetrics' does not support traces pipelines" in messages
    assert "exporter 'prometheus' does not support traces pipelines" in messages


def test_transform_basic_style_infers_the_context() -> None:
    text = REFERENCE.replace(
        "  batch:\n",
        "  transform/flat:\n    error_mode: ignore\n    metric_statements:\n"
        '      - \'set(datapoint.attributes["x"], "y")\'\n'
        '      - \'set(attributes["x"], "y")\'\n  batch:\n',
    )
    text = text.replace("filter/idle, batch]", "filter/idle, transform/flat, batch]")
    issues = _only(text, "ottl")
    assert [i.path for i in issues] == ["processors.transform/flat.metric_statements[1]"]


def test_ottl_tier_warns_when_the_checker_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "app.engine.ottl", None)
    text = REFERENCE.replace(
        'not IsMatch(resource.attributes["process.executable.name"], "^(postgres|nginx)$")',
        'not resource.attributes["process.executable.name"] matches "^(postgres|nginx)$"',
    )
    result = validate_config(text)
    [warning] = [i for i in result.warnings if i.tier == "ottl"]
    [error] = [i for i in result.errors if i.tier == "ottl"]
    assert "OTTL checker unavailable" in warning.message
    assert "`matches`" in error.message and error.line == 22


def test_ottl_findings_carry_a_code_and_the_column_inside_the_statement() -> None:
    original = REFERENCE.split("        - '")[1].split("'\n")[0]  # the filter's condition, on line 22
    condition = 'metric.name == "process.cpu.utilization" and value_double < 0.01'
    for broken, code, at in (
        (condition.replace("value_double", "value_dubble"), "ottl.unknown_path", "value_dubble"),
        (condition.replace("==", "matches"), "ottl.syntax", "matches"),
        ('IsMatches(metric.name, "^process")', "ottl.unknown_function", "IsMatches"),
    ):
        result = validate_config(REFERENCE.replace(original, broken), run_otelcol=False)
        [error] = [e for e in result.errors if e.tier == "ottl"]
        assert (error.code, error.line, error.column) == (code, 22, broken.index(at) + 1), error
        assert error.hint
