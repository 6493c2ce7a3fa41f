"""OTTL math against the pinned collector: the real `validate` and Phoenix's OTTL tier accept and
refuse the same signs, parentheses and numbers, and the engine computes what the collector computes
(differential run on the edge population: huge ints that wrap, strings that cannot be negated).

How 0.159.0 reads them (`pkg/ottl/grammar.go`, `math.go`, `functions.go`): numbers lex unsigned and
`+`/`-` are always operators, so `1 -1` is a subtraction and `-1` is a unary minus that the parser
folds into the literal -1. A getter parameter takes that folded literal (`Int(-1)`), but a
parameter that wants a plain int64 or float64 (`scale_metric`'s multiplier, `limit`'s limit) reads
`argVal.Literal.Float`, which a math expression never fills: `scale_metric(-1.5)` is refused, and
so is `scale_metric((1.5))`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from app.otelcol.differential import differential
from tests.otelcol.test_differential import _edge_population
from tests.otelcol.test_ottl_catalog import _call, _collector_refusals, _config, _phoenix_refusals

# (statement, accepted by 0.159.0), each checked against the real `validate` below.
AGREEMENT = [
    ('set(attributes["x"], -value_int)', True),
    ('set(attributes["x"], +value_int)', True),
    ('set(attributes["x"], -(value_int + 1))', True),
    ('set(attributes["x"], -(-value_int))', True),
    ('set(attributes["x"], -attributes["a"])', True),
    ('set(attributes["x"], -Int("3"))', True),
    ('set(attributes["x"], 1 -1)', True),
    ('set(attributes["x"], 1-1)', True),
    ('set(attributes["x"], 1 - -1)', True),
    ('set(attributes["x"], 2 * - 3)', True),
    ('set(attributes["x"], value_double * -1)', True),
    ('set(attributes["x"], value_double*-1)', True),
    ('set(attributes["x"], - 1)', True),
    ('set(attributes["x"], (1))', True),
    ('set(attributes["x"], ((attributes["a"])))', True),
    ('set(attributes["x"], attributes[-1])', True),
    ('set(attributes["x"], attributes[-attributes["i"]])', True),
    ('set(attributes["x"], [-1, +2])', True),
    ('set(attributes["x"], 1) where -value_int > 0', True),
    ('set(attributes["x"], 1) where (value_int) > -1', True),
    ('set(attributes["x"], 1) where ((true))', True),
    ('set(attributes["x"], Int(-1))', True),
    ('set(attributes["x"], Int(- 1))', True),
    ('set(attributes["x"], ToLowerCase(-(1)))', True),
    ('set(attributes["x"], ToLowerCase(-value_int))', True),
    ('set(attributes["x"], ToLowerCase(1 * -1))', True),
    ('set(attributes["x"], 010)', True),
    ('set(attributes["x"], 1.)', True),
    ('set(attributes["x"], -.5)', True),
    ('set(attributes["x"], 1.0e-400)', True),
    ('set(attributes["x"], -9223372036854775807)', True),
    ("scale_metric(1.)", True),
    ('set(attributes["x"], --1)', False),
    ('set(attributes["x"], - -value_int)', False),
    ('set(attributes["x"], +-1)', False),
    ('set(attributes["x"], -"a")', False),
    ('set(attributes["x"], -true)', False),
    ('set(attributes["x"], -nil)', False),
    ('set(attributes["x"], -0x01)', False),
    ('set(attributes["x"], -[1])', False),
    ('set(attributes["x"], -METRIC_DATA_TYPE_SUM)', False),
    ('set(attributes["x"], -(true))', False),
    ('set(attributes["x"], -(1 == 1))', False),
    ('set(attributes["x"], ("a"))', False),
    ('set(attributes["x"], (true))', False),
    ('set(attributes["x"], attributes[("a")])', False),
    ('set(attributes["x"], 1) where ("a") == "a"', False),
    ('set(attributes["x"], 1) where (true) == true', False),
    ('set(attributes["x"], 1) where not -value_int', False),
    ('set((attributes["x"]), 1)', False),
    ('set(+attributes["x"], 1)', False),
    ('set(attributes["x"], ToLowerCase(-1))', False),  # folded: a literal int64 for a StringGetter
    ('set(attributes["x"], ToLowerCase(+(1)))', False),
    ('set(attributes["x"], ToLowerCase((1)))', False),
    ("limit(attributes, -1, [])", False),
    ("limit(attributes, +1, [])", False),
    ("limit(attributes, (1), [])", False),
    ("flatten(attributes, depth = (1))", False),
    ("scale_metric(-1.5)", False),
    ("scale_metric(+1.5)", False),
    ("scale_metric((1.5))", False),
    ('convert_exponential_histogram_to_histogram("upper", [(1.0), 2.0])', False),
    ('set(attributes["x"], -9223372036854775808)', False),  # 9223372036854775808 is read before the sign
    ('set(attributes["x"], 9223372036854775808)', False),
    ('set(attributes["x"], 08)', False),  # a leading 0 is octal (strconv.ParseInt base 0)
    ('set(attributes["x"], attributes[08])', False),
    ('set(attributes["x"], 1.0e400)', False),
    ('set(attributes["x"], 1e5)', False),  # a float needs its dot
]
_METRIC_ONLY = ("scale_metric", "convert_exponential_histogram_to_histogram")


def test_phoenix_and_the_collector_agree_on_math_syntax(otelcol_bin: Path, tmp_path: Path) -> None:
    calls = [_call(text, "metric" if text.startswith(_METRIC_ONLY) else "datapoint") for text, _ in AGREEMENT]
    config, by_id = _config(calls)
    collector, phoenix = _collector_refusals(otelcol_bin, config, tmp_path), _phoenix_refusals(config)
    expected = dict(AGREEMENT)
    problems = [
        f"{call.text}\n    expected: {'accepts' if expected[call.text] else 'refuses'}"
        f"\n    collector: {collector.get(component, 'accepts')}\n    phoenix:   {phoenix.get(component, 'accepts')}"
        for component, call in by_id.items()
        if {component not in collector, component not in phoenix} != {expected[call.text]}
    ]
    assert problems == [], "\n".join(problems)


# --- the engine computes what the collector computes ------------------------------------------------

STATEMENTS = [
    'set(attributes["neg"], -value_int) where metric.name == "process.memory.usage"',
    'set(attributes["neg"], -value_double) where metric.name == "process.cpu.time"',
    'set(attributes["plus"], +value_int) where metric.name == "process.memory.usage"',
    'set(attributes["sub"], value_int -1) where metric.name == "process.memory.usage"',
    'set(attributes["grouped"], -(value_int + 1)) where metric.name == "process.memory.usage"',
    'set(attributes["times"], value_double * -1) where metric.name == "process.cpu.time"',
    'set(attributes["mixed"], -value_int * 1.5) where metric.name == "process.memory.usage"',
    'set(attributes["wrap"], value_int * -4) where metric.name == "process.memory.usage"',
    'set(attributes["wrap"], -value_int - 2) where metric.name == "process.memory.virtual"',
    'set(attributes["minint"], -(-9223372036854775807 - 1))',
    'set(attributes["trunc"], 7 / -2)',
    'set(attributes["octal"], -010)',
    'set(attributes["negated"], -(1))',
    'set(attributes["chain"], 2 - 3 - -4 * -(1 + 1))',
    'set(attributes["converter"], -Int("12"))',
    'set(attributes["state_copy"], +attributes["state"]) where metric.name == "process.cpu.time"',
    # Each of these fails at run time on both sides (error_mode ignore skips the statement):
    'set(attributes["fails"], -attributes["state"]) where metric.name == "process.cpu.time"',
    'set(attributes["fails"], -attributes["missing"])',
    'set(attributes["fails"], -Duration("1s"))',
    'set(attributes["fails"], -value_int / 0) where metric.name == "process.memory.usage"',
    'set(value_int, -value_int) where metric.name == "process.memory.virtual"',
    'set(value_double, -value_double * 2) where metric.name == "process.cpu.utilization"',
]


def _math_config() -> str:
    config = {
        "receivers": {
            "host_metrics": {
                "collection_interval": "10s",
                "scrapers": {
                    "process": {
                        "mute_process_all_errors": True,
                        "metrics": {"process.cpu.utilization": {"enabled": True}},
                    }
                },
            }
        },
        "processors": {
            "transform/math": {
                "error_mode": "ignore",
                "metric_statements": [{"context": "datapoint", "statements": STATEMENTS}],
            },
            "filter/math": {
                "error_mode": "ignore",
                "metrics": {"datapoint": ['metric.name == "process.disk.io" and -value_int < -100000']},
            },
        },
        "exporters": {"debug": {}},
        "service": {
            "pipelines": {
                "metrics": {
                    "receivers": ["host_metrics"],
                    "processors": ["transform/math", "filter/math"],
                    "exporters": ["debug"],
                }
            }
        },
    }
    return yaml.safe_dump(config, sort_keys=False)


def test_the_engine_computes_unary_math_like_the_collector(otelcol_bin: Path) -> None:
    result = differential(otelcol_bin, _math_config(), _edge_population())
    assert result.differences == [], result.differences[:10]
    # Not vacuous: the statements ran on both sides, the huge ints wrapped, the failures failed.
    for output in (result.collector_output, result.engine_output):
        by_name = {
            metric.name: metric.data_points[0]
            for rm, _, metric in output.iter_metrics()
            if rm.resource.attributes.get("process.executable.name") == "hog"
        }
        memory = by_name["process.memory.usage"].attributes
        assert memory["neg"] == -(2**62) and memory["wrap"] == 0 and memory["minint"] == -(2**63)
        assert by_name["process.memory.virtual"].attributes["wrap"] == 2**63 - 1
        assert by_name["process.memory.virtual"].value == -(2**63 - 1)
        assert by_name["process.cpu.time"].attributes["state_copy"] == by_name["process.cpu.time"].attributes["state"]
        assert all("fails" not in dp.attributes for _, _, m in output.iter_metrics() for dp in m.data_points)
        disk = [dp.value for _, _, m in output.iter_metrics() if m.name == "process.disk.io" for dp in m.data_points]
        assert disk and max(disk) <= 100000  # the filter dropped the large counters only
