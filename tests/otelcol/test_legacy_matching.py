"""The legacy `include`/`exclude` selections of the `filter` and `attributes` processors, run through
the engine and the real collector on the edge population, must give the same output.

These are the rules the engine once got wrong (`app/engine/components/matching.py`): the filter's
`exclude` drops on its resource attributes or its names (either one), a strict value needs the
same type, a regexp value searches the text of an int, and the attributes processor selects metrics
by `metric_names` only (its `resources` are not matched by the 0.159 collector).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.engine.pdata import MetricsBatch
from app.otelcol.differential import differential
from tests.otelcol.test_differential import _edge_population

EDGE = _edge_population()

# Marks a few resources so that selections by key, by double and by bool have something to find.
MARK = [
    'set(resource.attributes["tier"], "gold") where resource.attributes["process.executable.name"] == "nginx"',
    'set(resource.attributes["weight"], 1.0) where resource.attributes["process.executable.name"] == "java"',
    'set(resource.attributes["pinned"], true) where resource.attributes["process.executable.name"] == "hog"',
]

FILTERS: dict[str, dict[str, Any]] = {
    "exclude-names-or-resources": {
        "exclude": {
            "match_type": "strict",
            "metric_names": ["process.memory.usage"],
            "resource_attributes": [{"key": "process.executable.name", "value": "nginx"}],
        }
    },
    "include-names-and-resources-regexp-int": {
        "include": {
            "match_type": "regexp",
            "metric_names": ["^process\\.cpu"],
            "resource_attributes": [{"key": "process.pid", "value": "^10[0-4]$"}],
        }
    },
    "exclude-strict-int": {
        "exclude": {"match_type": "strict", "resource_attributes": [{"key": "process.pid", "value": 100}]}
    },
    "exclude-strict-string-is-not-an-int": {
        "exclude": {"match_type": "strict", "resource_attributes": [{"key": "process.pid", "value": "100"}]}
    },
    "exclude-strict-int-is-not-a-double": {
        "exclude": {"match_type": "strict", "resource_attributes": [{"key": "weight", "value": 1}]}
    },
    "exclude-regexp-double-and-bool-text": {
        "exclude": {
            "match_type": "regexp",
            "resource_attributes": [{"key": "weight", "value": "^1$"}],
        }
    },
    "exclude-regexp-bool-text": {
        "exclude": {"match_type": "regexp", "resource_attributes": [{"key": "pinned", "value": "^true$"}]}
    },
    "exclude-key-only": {"exclude": {"match_type": "strict", "resource_attributes": [{"key": "tier"}]}},
}

ATTRIBUTES: dict[str, dict[str, Any]] = {
    "include-names-regexp": {"include": {"match_type": "regexp", "metric_names": ["^process\\.memory"]}},
    "include-resources-are-not-matched": {
        "include": {
            "match_type": "strict",
            "metric_names": ["process.cpu.time"],
            "resources": [{"key": "process.executable.name", "value": "nginx"}],
        }
    },
    "exclude-names": {"exclude": {"match_type": "strict", "metric_names": ["process.uptime", "process.disk.io"]}},
}


def _config(processor: str, settings: dict[str, Any]) -> str:
    config = {
        "receivers": {"hostmetrics": {"collection_interval": "10s", "scrapers": {"process": {}}}},
        "processors": {"transform/mark": {"metric_statements": [{"context": "resource", "statements": MARK}]}},
        "exporters": {"debug": {}},
        "service": {
            "pipelines": {
                "metrics": {
                    "receivers": ["hostmetrics"],
                    "processors": ["transform/mark", processor],
                    "exporters": ["debug"],
                }
            }
        },
    }
    config["processors"][processor] = settings
    return yaml.safe_dump(config, sort_keys=False)


def _names(batch: MetricsBatch) -> set[tuple[str, str]]:
    return {
        (str(rm.resource.attributes.get("process.executable.name")), m.name)
        for rm in batch.resource_metrics
        for sm in rm.scope_metrics
        for m in sm.metrics
    }


@pytest.mark.parametrize("case", sorted(FILTERS))
def test_filter_include_exclude_as_the_collector(otelcol_bin: Path, case: str) -> None:
    result = differential(otelcol_bin, _config("filter/legacy", {"metrics": FILTERS[case]}), EDGE)
    assert result.differences == [], result.differences[:10]
    assert result.collector_output.series_count() == result.engine_output.series_count() > 0
    if case == "exclude-names-or-resources":  # either part drops: nginx entirely, memory.usage everywhere
        kept = _names(result.engine_output)
        assert not any(name == "nginx" for name, _ in kept)
        assert not any(metric == "process.memory.usage" for _, metric in kept)


@pytest.mark.parametrize("case", sorted(ATTRIBUTES))
def test_attributes_include_exclude_as_the_collector(otelcol_bin: Path, case: str) -> None:
    settings = {**ATTRIBUTES[case], "actions": [{"key": "selected", "value": "yes", "action": "insert"}]}
    result = differential(otelcol_bin, _config("attributes/legacy", settings), EDGE)
    assert result.differences == [], result.differences[:10]
    marked = {
        (str(rm.resource.attributes.get("process.executable.name")), m.name)
        for rm in result.engine_output.resource_metrics
        for sm in rm.scope_metrics
        for m in sm.metrics
        if any(dp.attributes.get("selected") == "yes" for dp in m.data_points)
    }
    assert marked, "the selection changed nothing: the comparison would prove nothing"
    if case == "include-resources-are-not-matched":  # every process's cpu.time, not only nginx's
        assert {name for name, _ in marked} > {"nginx"}
