"""What the rendered configs mean, checked on the OTTL syntax tree of the pinned collector:
filters drop, criticals are kept and never grouped, identity is read from the resource, CPU is a
0-1 fraction, metric names exist, and roll-ups strip identity, align time, merge, then sum."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from app.engine.collector import PROCESS_IDENTITY_ATTRIBUTES, PROCESS_METRICS
from app.engine.critical import critical_regex
from app.engine.critical_patterns import CRITICAL_SAMPLE_NAMES
from app.engine.ottl import parse_condition, parse_statement
from app.engine.ottl.regex import compile_go_regexp
from app.engine.registry import get_component, split_id
from app.pipelines.render import SCRAPED_METRICS, render_template
from app.validation.semantic.critical_guard import evaluate
from tests.pipelines.conftest import REDUCING_TEMPLATES, TEMPLATE_NAMES

ROLLUP_TEMPLATES = tuple(n for n in REDUCING_TEMPLATES if n != "process-priority-filter-v1")
CUSTOM_CRITICALS = ["payments-api", "ledger-[0-9]+", "java"]


def _config(name: str, **params: Any) -> dict[str, Any]:
    return yaml.safe_load(render_template(name, params).config_yaml)


def _models(config: dict[str, Any]) -> dict[str, Any]:
    """Typed processor configs by ID."""
    out = {}
    for component_id, body in config["processors"].items():
        spec = get_component("processor", split_id(component_id)[0])
        out[component_id] = spec.config_model.model_validate(body or {})
    return out


def _truth(text: str, context: str, name: str, statement: bool = False) -> bool | None:
    node = parse_statement(text, context).where if statement else parse_condition(text, context).expr
    return evaluate(node, name, compile_go_regexp)


def _filter_conditions(config: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (e.text, e.context)
        for pid, m in _models(config).items()
        if pid.startswith("filter")
        for e in m.ottl_expressions()
    ]


def _grouping_statements(config: dict[str, Any]) -> list[tuple[str, str]]:
    """Statements that put a process into a roll-up group."""
    found = []
    for pid, model in _models(config).items():
        if pid.startswith("transform"):
            for e in model.ottl_expressions():
                if e.kind == "statement" and e.text.startswith('set(resource.attributes["phoenix.group"]'):
                    found.append((e.text, e.context))
    return found


@pytest.mark.parametrize("name", REDUCING_TEMPLATES)
@pytest.mark.parametrize("criticals", [None, CUSTOM_CRITICALS], ids=["default-criticals", "custom-criticals"])
def test_no_filter_ever_drops_a_critical_process(name: str, criticals: list[str] | None) -> None:
    config = _config(name, **({"critical_processes": criticals} if criticals else {}))
    samples = list(CRITICAL_SAMPLE_NAMES) if criticals is None else ["payments-api", "ledger-7", "java"]
    for text, context in _filter_conditions(config):
        for sample in samples:
            assert _truth(text, context, sample) is not True, (name, sample, text)


@pytest.mark.parametrize("name", ROLLUP_TEMPLATES)
@pytest.mark.parametrize("criticals", [None, CUSTOM_CRITICALS], ids=["default-criticals", "custom-criticals"])
def test_criticals_are_never_grouped(name: str, criticals: list[str] | None) -> None:
    config = _config(name, **({"critical_processes": criticals} if criticals else {}))
    samples = list(CRITICAL_SAMPLE_NAMES) if criticals is None else ["payments-api", "ledger-7", "java"]
    statements = _grouping_statements(config)
    assert statements
    for text, context in statements:
        for sample in samples:
            assert _truth(text, context, sample, statement=True) is False, (name, sample, text)


def test_priority_filter_drops_low_priority_and_keeps_high_priority() -> None:
    [(condition, context)] = _filter_conditions(_config("process-priority-filter-v1"))
    assert condition.startswith("not (")
    assert _truth(condition, context, "bash") is True
    assert _truth(condition, context, "cron") is False
    assert _truth(condition, context, "postgres") is False


@pytest.mark.parametrize("name", ["process-aggregated-v1", "process-aggressive-v1"])
def test_every_non_critical_process_is_grouped(name: str) -> None:
    first = _grouping_statements(_config(name))[0]
    assert _truth(*first, "bash", statement=True) is True


@pytest.mark.parametrize("name", ["process-topk-v1", "process-dynamic-v1", "process-adaptive-v1"])
def test_topk_groups_only_processes_not_marked_heavy(name: str) -> None:
    text, context = _grouping_statements(_config(name))[0]
    assert 'resource.attributes["phoenix.heavy"] == nil' in text
    assert _truth(text, context, "bash", statement=True) is None  # depends on the heavy mark


@pytest.mark.parametrize("name", REDUCING_TEMPLATES)
def test_every_critical_pattern_is_in_the_keep_logic(name: str) -> None:
    text = render_template(name, {"critical_processes": CUSTOM_CRITICALS}).config_yaml
    regex = critical_regex(CUSTOM_CRITICALS)
    guarded = re.findall(r'not \(?IsMatch\(resource\.attributes\["process\.executable\.name"\], "([^"]*)"\)', text)
    assert regex in guarded


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_ottl_reads_process_identity_from_the_resource(name: str) -> None:
    config = _config(name)
    for model in _models(config).values():
        for expr in model.ottl_expressions():
            assert not re.search(r'(?<!resource\.)attributes\["process\.', expr.text), expr.text
            assert "matches" not in expr.text and "random(" not in expr.text


@pytest.mark.parametrize("name", ["process-topk-v1", "process-dynamic-v1", "process-adaptive-v1"])
def test_cpu_thresholds_are_fractions(name: str) -> None:
    text = render_template(name).config_yaml
    thresholds = re.findall(r'"process\.cpu\.utilization" and value_double >= ([0-9.]+)', text)
    assert thresholds and all(0 <= float(t) <= 1 for t in thresholds)


def test_cpu_threshold_parameter_is_rendered_exactly() -> None:
    text = render_template("process-topk-v1", {"cpu_threshold": 0.375, "memory_threshold_bytes": 1048576}).config_yaml
    assert 'metric.name == "process.cpu.utilization" and value_double >= 0.375' in text
    assert 'metric.name == "process.memory.usage" and value_int >= 1048576' in text


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_metric_names_exist_in_the_pinned_scraper(name: str) -> None:
    for model in _models(_config(name)).values():
        for _, metric in model.metric_references():
            assert metric in PROCESS_METRICS, metric
            assert metric in SCRAPED_METRICS, f"{metric} is not emitted by the shared receiver"


@pytest.mark.parametrize("name", REDUCING_TEMPLATES)
def test_ottl_processors_ignore_errors(name: str) -> None:
    for pid, body in _config(name)["processors"].items():
        if pid.startswith(("filter", "transform")):
            assert body["error_mode"] == "ignore"


@pytest.mark.parametrize("name", ROLLUP_TEMPLATES)
def test_rollup_chain_strips_aligns_merges_then_sums(name: str) -> None:
    config = _config(name)
    order = config["service"]["pipelines"]["metrics"]["processors"]
    assert order.index("transform/classify") < order.index("groupbyattrs/compact") < order.index("transform/rollup")
    assert config["processors"]["groupbyattrs/compact"] == {"keys": []}
    statements = [e.text for e in _models(config)["transform/classify"].ottl_expressions()]
    for key in PROCESS_IDENTITY_ATTRIBUTES:
        assert (
            f'delete_key(resource.attributes, "{key}") where resource.attributes["phoenix.group"] != nil' in statements
        )
    assert (
        'set(time, TruncateTime(Now(), Duration("1s"))) where resource.attributes["phoenix.group"] != nil' in statements
    )
    rollup = config["processors"]["transform/rollup"]["metric_statements"][0]
    assert rollup["context"] == "metric"
    assert rollup["conditions"] == ['resource.attributes["phoenix.group"] != nil']
    for metric in SCRAPED_METRICS:
        keep = list(PROCESS_METRICS[metric].rollup_attributes)
        expected = f'aggregate_on_attributes("sum", {keep}) where metric.name == "{metric}"'.replace("'", '"')
        assert expected in rollup["statements"]


@pytest.mark.parametrize("name", ["process-aggressive-v1", "process-dynamic-v1"])
def test_the_other_group_keeps_only_cpu_and_memory(name: str) -> None:
    [(condition, context)] = [c for c in _filter_conditions(_config(name))]
    parsed = parse_condition(condition, context)
    assert condition.startswith('resource.attributes["phoenix.group"] != nil and not IsMatch(metric.name')
    pattern = re.search(r'IsMatch\(metric\.name, "(.*)"\)', condition).group(1).replace("\\\\", "\\")
    kept = [m for m in PROCESS_METRICS if compile_go_regexp(pattern).search(m)]
    assert kept == [m for m in PROCESS_METRICS if m.startswith(("process.cpu.", "process.memory."))]
    assert parsed.context == "metric"


def test_aggregated_can_group_by_category() -> None:
    text = render_template("process-aggregated-v1", {"group_by": "category"}).config_yaml
    for group in ("kernel", "shell", "system", "agent"):
        assert f'set(resource.attributes["phoenix.group"], "{group}")' in text
    assert 'delete_key(resource.attributes, "process.executable.name")' in text
    by_exe = render_template("process-aggregated-v1").config_yaml
    assert 'delete_key(resource.attributes, "process.executable.name")' not in by_exe
