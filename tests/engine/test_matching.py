"""The legacy include/exclude matching of filter and attributes: names and resource attributes,
strict or unanchored regexp, a resource attribute without value meaning "the key is present".
`tests/otelcol/test_legacy_matching.py` holds the same rules against the real collector."""

from __future__ import annotations

import pytest

from app.engine.components.matching import MetricMatcher, StringFilter
from app.engine.errors import EngineUnsupported
from app.engine.pipeline import build_processor
from tests.engine.builders import batch, metric, names, process


def test_strict_is_equality_and_regexp_an_unanchored_search_on_strings_only() -> None:
    assert StringFilter(["a", 1], regexp=False).matches(1)
    assert not StringFilter(["a"], regexp=False).matches("ab")
    assert StringFilter(["b"], regexp=True).matches("abc")
    assert not StringFilter(["1"], regexp=True).matches(1)


def test_a_pattern_the_engine_cannot_run_is_refused_naming_the_component() -> None:
    with pytest.raises(EngineUnsupported, match="filter/x"):
        StringFilter([r"\pL{1000}"], regexp=True, component_id="filter/x")


def test_names_and_resource_attributes_must_all_match() -> None:
    rm = process(1, "nginx", extra={"team": "web"})
    cpu = metric(batch(rm), "process.cpu.time")
    assert cpu is not None

    def matcher(**kwargs: object) -> MetricMatcher:
        return MetricMatcher("c", **{"regexp": False, "names": [], "resources": [], **kwargs})  # type: ignore[arg-type]

    assert matcher().matches(rm, cpu)  # an empty block matches everything
    assert matcher(names=["process.cpu.time"], resources=[("team", "web")]).matches(rm, cpu)
    assert not matcher(names=["process.cpu.time"], resources=[("team", "db")]).matches(rm, cpu)
    assert matcher(resources=[("team", None)]).matches(rm, cpu)  # no value: the key is present
    assert not matcher(resources=[("owner", None)]).matches(rm, cpu)
    assert matcher(regexp=True, names=["cpu"], resources=[("team", "^w")]).matches(rm, cpu)


def test_filter_selects_by_resource_attributes_and_attributes_by_names_only() -> None:
    payload = batch(process(1, "nginx", extra={"team": "web"}), process(2, "postgres"))
    dropped = build_processor(
        "filter/legacy",
        "filter",
        {"metrics": {"exclude": {"match_type": "strict", "resource_attributes": [{"key": "team"}]}}},
    ).process(payload.deep_copy())
    assert names(dropped) == ["postgres"]
    changed = build_processor(
        "attributes/legacy",
        "attributes",
        {
            "include": {"match_type": "strict", "resources": [{"key": "team"}]},
            "actions": [{"key": "state", "action": "delete"}],
        },
    ).process(payload)
    touched = [
        all("state" not in dp.attributes for dp in rm.scope_metrics[0].metrics[0].data_points)
        for rm in changed.resource_metrics
    ]
    assert touched == [True, True]  # the 0.159 collector does not match `resources` for metrics
