"""Evaluation golden cases written from the 0.128.0 docs: LANGUAGE.md's comparison rules, the
ottlfuncs README, and the transform/filter READMEs' examples and error_mode tables."""

from __future__ import annotations

import logging

import pytest

from app.engine.ottl import (
    ConditionSequence,
    OttlRuntimeError,
    OttlUnsupported,
    StatementSequence,
    compile_condition,
    compile_statement,
    execute_statements,
    iter_contexts,
)
from app.engine.pdata import Metric, MetricsBatch, NumberDataPoint, Resource, ResourceMetrics, ScopeMetrics


def batch() -> MetricsBatch:
    """Two processes as the hostmetrics process scraper reports them (identity on the resource)."""

    def process(pid: int, name: str, cpu: float, memory: int) -> ResourceMetrics:
        return ResourceMetrics(
            Resource(
                {
                    "process.pid": pid,
                    "process.executable.name": name,
                    "process.command_line": f"/usr/bin/{name} --password=hunter2 --port 80",
                }
            ),
            [
                ScopeMetrics(
                    "otelcol/hostmetricsreceiver/process",
                    metrics=[
                        Metric(
                            "process.cpu.time",
                            unit="s",
                            type="sum",
                            is_monotonic=True,
                            aggregation_temporality="cumulative",
                            data_points=[
                                NumberDataPoint({"state": "user"}, 10, 20, cpu),
                                NumberDataPoint({"state": "system"}, 10, 20, cpu / 2),
                            ],
                        ),
                        Metric(
                            "process.memory.usage",
                            unit="By",
                            type="sum",
                            aggregation_temporality="cumulative",
                            data_points=[NumberDataPoint({}, 10, 20, memory)],
                        ),
                    ],
                )
            ],
        )

    return MetricsBatch([process(1, "sshd", 2.0, 1000), process(42, "java", 8.0, 5000)])


def run(statements: list[str], context: str, data: MetricsBatch, error_mode: str = "propagate") -> MetricsBatch:
    sequence = StatementSequence([compile_statement(s, context) for s in statements], error_mode)
    execute_statements(data, context, sequence)
    return data


def matches(condition: str, context: str, data: MetricsBatch) -> list[bool]:
    compiled = compile_condition(condition, context, processor="transform")
    return [compiled.eval(tc) for tc in iter_contexts(data, context)]


def points(data: MetricsBatch, metric: str) -> list[NumberDataPoint]:
    return [dp for _, _, m in data.iter_metrics() if m.name == metric for dp in m.data_points]


# --- comparison rules (LANGUAGE.md) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("1 == 1.0", True),
        ("1 < 1.5", True),
        ("2.0 >= 2", True),  # int vs float: compared as float64
        ('"1" == 1', False),
        ('"1" != 1', True),
        ('"2" > 1', False),  # string vs int: only "not equal"
        ("nil == nil", True),
        ("nil != nil", False),  # nil: "true for equality only"
        ('nil == "a"', False),
        ('nil != "a"', True),
        ("nil < 1", False),
        ("true > false", True),
        ("true == 1", False),  # bools: T > F, never equal to ints
        ('"abc" < "abd"', True),  # strings: Go string order
        ('{"a": 1} == {"a": 1}', True),
        ('{"a": 1} == {"a": 1.0}', False),  # maps: reflect.DeepEqual
        ("[1, 2] == [1, 2]", True),
        ("[1, 2] < [1, 3]", False),
        ("0x01 < 0x02", True),  # bytes: byte-wise
    ],
)
def test_comparison_rules(condition: str, expected: bool) -> None:
    assert matches(condition, "resource", batch())[0] is expected


def test_resource_versus_datapoint_attributes() -> None:
    data = batch()
    # A datapoint sees its own attributes unprefixed and the resource's through resource.attributes.
    assert matches('attributes["state"] == "user" and resource.attributes["process.pid"] == 42', "datapoint", data) == [
        False,
        False,
        False,
        True,
        False,
        False,
    ]
    assert matches('attributes["process.pid"] == 42', "datapoint", data) == [False] * 6
    # transform README: "Attach information from resource into telemetry".
    run(['set(attributes["process.name"], resource.attributes["process.executable.name"])'], "datapoint", data)
    assert [dp.attributes["process.name"] for dp in points(data, "process.cpu.time")] == [
        "sshd",
        "sshd",
        "java",
        "java",
    ]


def test_nil_comparisons_detect_missing_attributes() -> None:
    data = batch()
    assert matches('attributes["state"] == nil', "datapoint", data) == [False, False, True] * 2
    assert matches('resource.attributes["container.id"] != nil', "datapoint", data) == [False] * 6


def test_ismatch_on_a_missing_attribute_is_false() -> None:
    # ottlfuncs README: "If target is nil, false is always returned."
    data = batch()
    assert matches('IsMatch(resource.attributes["container.id"], ".*")', "metric", data) == [False] * 4
    assert matches('not IsMatch(resource.attributes["container.id"], ".*")', "metric", data) == [True] * 4
    assert matches('IsMatch(resource.attributes["process.executable.name"], "^(sshd|nginx)$")', "metric", data) == [
        True,
        True,
        False,
        False,
    ]
    # Non-string targets are converted first (ints as their decimal text).
    assert matches('IsMatch(resource.attributes["process.pid"], "^4")', "resource", data) == [False, True]


def test_where_clauses_from_the_readme() -> None:
    data = batch()
    points(data, "process.cpu.time")[0].attributes["http.status"] = 404
    run(
        [
            'set(attributes["whose_fault"], "theirs") where attributes["http.status"] == 400 or '
            'attributes["http.status"] == 404',
            'set(attributes["whose_fault"], "ours") where attributes["http.status"] == 500',
        ],
        "datapoint",
        data,
    )
    faults = [dp.attributes.get("whose_fault") for dp in points(data, "process.cpu.time")]
    assert faults == ["theirs", None, None, None]
    run(['set(metric.description, "Sum") where metric.type == METRIC_DATA_TYPE_SUM'], "metric", data)
    assert {m.description for _, _, m in data.iter_metrics()} == {"Sum"}


def test_set_with_nil_does_nothing() -> None:
    # ottlfuncs README: "If value resolves to nil ... there will be no action."
    data = run(['set(attributes["copy"], attributes["missing"])'], "datapoint", batch())
    assert all("copy" not in dp.attributes for dp in points(data, "process.cpu.time"))


def test_keep_keys_and_friends() -> None:
    data = batch()
    run(['keep_keys(resource.attributes, ["process.pid", "host.name"])'], "resource", data)
    assert [rm.resource.attributes for rm in data.resource_metrics] == [{"process.pid": 1}, {"process.pid": 42}]
    data = run(
        ['delete_matching_keys(resource.attributes, "(?i).*COMMAND.*")', 'delete_key(attributes, "state")'],
        "datapoint",
        batch(),
    )
    assert "process.command_line" not in data.resource_metrics[0].resource.attributes
    assert all(dp.attributes == {} for dp in points(data, "process.cpu.time"))
    data = run(['keep_matching_keys(resource.attributes, "^process\\\\.(pid|owner)$")'], "resource", batch())
    assert data.resource_metrics[1].resource.attributes == {"process.pid": 42}
    data = run(['limit(resource.attributes, 2, ["process.command_line"])'], "resource", batch())
    attributes = data.resource_metrics[0].resource.attributes
    assert len(attributes) == 2 and "process.command_line" in attributes


def test_replace_functions() -> None:
    data = run(
        [
            'replace_pattern(resource.attributes["process.command_line"], '
            '"password\\\\=[^\\\\s]*(\\\\s?)", "password=***")'
        ],
        "resource",
        batch(),
    )
    assert (
        data.resource_metrics[0].resource.attributes["process.command_line"] == "/usr/bin/sshd --password=***--port 80"
    )
    data = batch()
    data.resource_metrics[0].resource.attributes.update({"kube_pod_name": "web", "path": "/account/1234/x"})
    run(
        [
            'replace_all_patterns(resource.attributes, "key", "^kube_([0-9A-Za-z]+_)", "k8s.$1.")',
            'replace_all_patterns(resource.attributes, "value", "/account/\\\\d{4}", "/account/{accountId}")',
        ],
        "resource",
        data,
    )
    attributes = data.resource_metrics[0].resource.attributes
    assert attributes["k8s.pod_.name"] == "web" and attributes["path"] == "/account/{accountId}/x"
    data = run(
        ['replace_pattern(resource.attributes["process.executable.name"], "^(.*)$", "$1", SHA256, "sha:%s")'],
        "resource",
        batch(),
    )
    assert (
        data.resource_metrics[0].resource.attributes["process.executable.name"]
        == "sha:" + __import__("hashlib").sha256(b"sshd").hexdigest()
    )


def test_converters() -> None:
    data = batch()
    run(
        [
            'set(attributes["label"], Concat([resource.attributes["process.executable.name"], '
            'resource.attributes["process.pid"], attributes["state"]], "/"))',
            'set(attributes["pid"], Int("42"))',
            'set(attributes["bad"], Int("2.0"))',
            'set(attributes["ratio"], Double(resource.attributes["process.pid"]) / 2)',
            'set(attributes["s"], String(0x0a0b))',
            'set(attributes["len"], Len(resource.attributes))',
            'set(attributes["is"], IsString(attributes["state"]))',
        ],
        "datapoint",
        data,
    )
    first, _, memory = points(data, "process.cpu.time")[0], None, points(data, "process.memory.usage")[0]
    assert first.attributes["label"] == "sshd/1/user"
    assert memory.attributes["label"] == "sshd/1/<nil>"
    assert first.attributes["pid"] == 42 and "bad" not in first.attributes  # Int("2.0") is nil
    assert first.attributes["ratio"] == 0.5 and first.attributes["s"] == "0a0b"
    assert first.attributes["len"] == 3 and first.attributes["is"] is True
    assert memory.attributes["is"] is False


def test_math_and_value_types() -> None:
    data = run(
        [
            'set(value_double, value_double * 100.0) where metric.name == "process.cpu.time"',
            'set(value_int, value_int / 3) where metric.name == "process.memory.usage"',
        ],
        "datapoint",
        batch(),
    )
    assert [dp.value for dp in points(data, "process.cpu.time")][:2] == [200.0, 100.0]
    assert points(data, "process.memory.usage")[0].value == 333  # int division truncates
    # value_int reads 0 on a double point (pdata's IntValue), and setting it makes the point an int.
    data = run(['set(value_int, value_int + 7) where metric.name == "process.cpu.time"'], "datapoint", batch())
    assert [dp.value for dp in points(data, "process.cpu.time")] == [7, 7, 7, 7]
    with pytest.raises(OttlRuntimeError, match="divide by 0"):
        run(["set(value_int, value_int / 0)"], "datapoint", batch())


def test_error_mode_ignore_continues_and_propagate_raises(caplog: pytest.LogCaptureFixture) -> None:
    statements = [
        'set(attributes["n"], Len(attributes["missing"]))',  # Len(nil) is an error
        'set(attributes["after"], "ran")',
    ]
    with caplog.at_level(logging.WARNING, logger="app.engine.ottl"):
        data = run(statements, "datapoint", batch(), error_mode="ignore")
    assert all(dp.attributes["after"] == "ran" for dp in points(data, "process.cpu.time"))
    assert "failed to execute statement" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="app.engine.ottl"):
        run(statements, "datapoint", batch(), error_mode="silent")
    assert caplog.text == ""
    data = batch()
    with pytest.raises(OttlRuntimeError, match="failed to execute statement"):
        run(statements, "datapoint", data, error_mode="propagate")
    assert "after" not in points(data, "process.cpu.time")[0].attributes


def test_condition_sequences_follow_the_filter_error_modes() -> None:
    failing = compile_condition('Len(attributes["missing"]) > 0', "datapoint")
    passing = compile_condition('attributes["state"] == "user"', "datapoint")
    first = next(iter_contexts(batch(), "datapoint"))
    assert ConditionSequence([failing, passing], "ignore").eval(first) is True
    assert ConditionSequence([failing], "ignore").eval(first) is False  # an error counts as "no match"
    with pytest.raises(OttlRuntimeError, match="failed to eval condition"):
        ConditionSequence([failing, passing], "propagate").eval(first)
    with pytest.raises(ValueError, match="error_mode"):
        ConditionSequence([passing], "loud")


def test_group_conditions_gate_statements() -> None:
    conditions = ConditionSequence(
        [compile_condition('metric.name == "process.memory.usage"', "metric", processor="transform")], "propagate"
    )
    statements = [compile_statement('set(metric.unit, "bytes")', "metric")]
    sequence = StatementSequence(statements, conditions=conditions)
    data = batch()
    execute_statements(data, "metric", sequence)
    assert [m.unit for _, _, m in data.iter_metrics()] == ["s", "bytes", "s", "bytes"]


def test_unsupported_functions_fail_at_compile_time() -> None:
    with pytest.raises(OttlUnsupported, match="ParseJSON is valid OTTL but not supported by the local"):
        compile_statement('set(attributes["x"], ParseJSON("{}"))', "datapoint")
    with pytest.raises(OttlUnsupported, match=r"datapoint\.exemplars"):
        compile_condition("datapoint.exemplars != nil", "datapoint")
    with pytest.raises(OttlUnsupported, match="Phoenix cannot evaluate it"):
        compile_condition('IsMatch(metric.name, "\\\\pL{1000}")', "metric")  # beyond RE2's memory budget


def test_paths_read_and_write_like_pdata() -> None:
    data = batch()
    run(
        [
            'set(attributes["labels"]["team"], "web")',
            'set(attributes["list"][1], "x") where false',
            'set(attributes["n"], nil)',
            "set(metric.type, METRIC_DATA_TYPE_GAUGE)",
            "set(metric.name, 1)",
            "set(start_time_unix_nano, time_unix_nano - 5)",
        ],
        "datapoint",
        data,
    )
    first = points(data, "process.cpu.time")[0]
    assert first.attributes["labels"] == {"team": "web"}  # an empty value becomes a map on demand
    assert "n" not in first.attributes and first.start_time_unix_nano == 15
    metric = next(m for _, _, m in data.iter_metrics())
    # metric.type is read-only and a wrong-typed value is ignored: both sets are no-ops.
    assert metric.type == "sum" and metric.name == "process.cpu.time"
    assert matches(
        "metric.aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE and metric.is_monotonic == true",
        "metric",
        data,
    ) == [True, False, True, False]
    gauge = Metric("g", type="gauge", data_points=[NumberDataPoint({}, 0, 0, 1)])
    gauge_batch = MetricsBatch([ResourceMetrics(Resource(), [ScopeMetrics(metrics=[gauge])])])
    assert matches("metric.aggregation_temporality == nil and metric.is_monotonic == nil", "metric", gauge_batch) == [
        True
    ]
    with pytest.raises(OttlRuntimeError, match="does not support string indexing"):
        run(['set(attributes["state"]["x"], 1)'], "datapoint", batch())


def test_doc_and_code_differences_follow_the_code() -> None:
    data = batch()
    # ottlfuncs README: Double "tries to parse a double from string. If it fails then nil will be returned";
    # the FloatLikeGetter returns an error instead (for a literal, since 0.14x, while the config loads).
    with pytest.raises(OttlRuntimeError, match="ParseFloat"):
        run(['set(attributes["d"], Double(resource.attributes["process.command_line"]))'], "datapoint", data)
    # Concat README: "lists or maps ... are not added"; the code adds their JSON form.
    run(
        ['set(attributes["c"], Concat([resource.attributes["process.pid"], {"b": 1, "a": [1.0]}], "|"))'],
        "datapoint",
        data,
    )
    assert points(data, "process.cpu.time")[0].attributes["c"] == '1|{"a":[1],"b":1}'


def test_a_host_snapshot_evaluates_quickly() -> None:
    import time

    def process(pid: int) -> ResourceMetrics:
        metrics = [
            Metric(
                f"process.m{i}",
                type="sum",
                data_points=[NumberDataPoint({"state": s}, 1, 2, 1.0) for s in ("user", "system")],
            )
            for i in range(10)
        ]
        resource = Resource({"process.pid": pid, "process.executable.name": f"p{pid % 40}"})
        return ResourceMetrics(resource, [ScopeMetrics(metrics=metrics)])

    data = MetricsBatch([process(pid) for pid in range(2000)])
    statements = [
        'set(attributes["critical"], true) where IsMatch(resource.attributes["process.executable.name"], "^p(1|2|3)$")',
        'delete_key(attributes, "state") where value_double < 0.5',
        'set(attributes["owner"], resource.attributes["process.owner"])',
    ]
    started = time.perf_counter()
    run(statements, "datapoint", data)
    assert time.perf_counter() - started < 5.0
    assert data.data_point_count() == 40_000


def test_cache_lives_for_one_element() -> None:
    data = run(
        [
            'set(cache["name"], resource.attributes["process.executable.name"])',
            'set(cache["seen"], Concat([cache["seen"], metric.name], ","))',
            'set(metric.description, cache["seen"])',
        ],
        "metric",
        batch(),
    )
    assert [m.description for _, _, m in data.iter_metrics()] == [
        "<nil>,process.cpu.time",
        "<nil>,process.memory.usage",
    ] * 2
