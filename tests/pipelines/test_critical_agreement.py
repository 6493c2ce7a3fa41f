"""One critical matcher: for generated RE2 patterns and names, four places give one verdict.

- `app.engine.critical.critical_matcher`, the rule itself;
- the retention KPI (`app.engine.kpis.critical_processes`), which counts critical processes on a host;
- the validator's guard (`critical_guard.evaluate`) on the filter the priority-filter template renders;
- the rendered template run by the engine: the processes it keeps with full identity.

Patterns come from a small RE2 grammar (literals, classes, POSIX and Unicode classes, `.`, `*`, `+`,
`?`, alternation, groups, anchors, `(?i)`); names from a few letters, digits, `-`, `_`, `é` and the
Kelvin sign, so case folding and anchoring both matter.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.critical import critical_matcher
from app.engine.kpis import critical_processes
from app.engine.ottl import parse_condition
from app.engine.pipeline import compile_pipeline
from app.engine.regexp import compile as compile_regexp
from app.pipelines.render import render_template
from app.validation.semantic.critical_guard import evaluate
from tests.engine.builders import batch, process

ALPHABET = "abAB1-_é\u212a"
LITERALS = st.sampled_from(["a", "b", "A", "B", "1", "-", "_", "é", r"\.", r"\d", r"\w"])
CLASSES = st.sampled_from(["[ab]", "[^a]", "[A-Z]", "[[:alpha:]]", "[[:^digit:]]", r"\p{L}", r"\P{Lu}", "."])
QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{1,2}", "*?"])


def _patterns() -> st.SearchStrategy[str]:
    def pieces(atoms: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        piece = st.tuples(atoms, QUANTIFIERS).map("".join)
        return st.lists(piece, min_size=1, max_size=4).map("".join)

    atoms = st.recursive(
        st.one_of(LITERALS, CLASSES),
        lambda inner: st.lists(pieces(inner), min_size=1, max_size=3).map(lambda alts: "(" + "|".join(alts) + ")"),
        max_leaves=6,
    )
    body = st.lists(pieces(atoms), min_size=1, max_size=2).map("|".join)
    return st.tuples(st.sampled_from(["", "^"]), st.sampled_from(["", "(?i)"]), body, st.sampled_from(["", "$"])).map(
        lambda parts: parts[1] + parts[0] + parts[2] + parts[3]
    )


NAMES = st.lists(st.text(ALPHABET, min_size=1, max_size=6), min_size=1, max_size=5, unique=True)


def _kept_by_engine(config_yaml: str, names: list[str]) -> set[str]:
    payload = batch(*[process(100 + i, name) for i, name in enumerate(names)])
    output = compile_pipeline(config_yaml).run(payload).output
    return {
        rm.resource.attributes["process.executable.name"]
        for rm in output.resource_metrics
        if "process.pid" in rm.resource.attributes and rm.resource.attributes.get("phoenix.priority") == "critical"
    }


def _filter_condition(config_yaml: str):  # type: ignore[no-untyped-def]
    [condition] = yaml.safe_load(config_yaml)["processors"]["filter/low_priority"]["metrics"]["metric"]
    return parse_condition(condition, "metric", processor="filter").expr


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_patterns(), names=NAMES)
def test_matcher_kpi_guard_and_rendered_ottl_agree(pattern: str, names: list[str]) -> None:
    rule = critical_matcher([pattern])
    critical = {n for n in names if rule(n)}

    on_host = critical_processes(batch(*[process(100 + i, n) for i, n in enumerate(names)]), [pattern])
    assert set(on_host.values()) == critical

    parameters = {"critical_processes": [pattern], "high_priority_processes": []}
    config_yaml = render_template("process-priority-filter-v1", parameters).config_yaml
    condition = _filter_condition(config_yaml)
    dropped = {n for n in names if evaluate(condition, n, compile_regexp) is True}
    assert dropped == set(names) - critical  # the filter drops exactly the non-critical processes

    assert _kept_by_engine(config_yaml, names) == critical
