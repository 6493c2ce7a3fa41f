"""`deploy/grafana/phoenix-dashboard.json`: a loadable Grafana model that queries only series that exist.

"Exist" means: Phoenix's own metrics (the default registry after importing the modules that define
them), the recording rules of `deploy/prometheus/phoenix-rules.yaml`, and the collectors' series
listed in `app.runtimes.kubernetes.promql.COLLECTOR_METRICS`. Every query must also parse: each becomes a
recording rule (template variables substituted) in a temp file that `promtool check rules` reads.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from prometheus_client import REGISTRY

from app.runtimes.kubernetes import promql
from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "deploy" / "grafana" / "phoenix-dashboard.json"
RULES = ROOT / "deploy" / "prometheus" / "phoenix-rules.yaml"
PHOENIX_METRIC_MODULES = ("app.core.metrics", "app.core.phoenix_metrics")
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h"}
KEYWORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "and",
    "or",
    "unless",
    "offset",
    "inf",
    "nan",
}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENTIFIER = re.compile(r"(?<![\w:.$])([A-Za-z_:][A-Za-z0-9_:]*)(?![\w:])(?!\s*\()")


def metric_names(expr: str) -> set[str]:
    """Series names a PromQL expression reads (functions, keywords, labels and strings excluded)."""
    text = _STRING.sub('""', expr)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = _GROUPING.sub(" ", text)
    text = re.sub(r"\$\w+", "", text)
    return {name for name in _IDENTIFIER.findall(text) if name.lower() not in KEYWORDS}


def test_metric_name_extraction() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le) (rate(a_bucket{x="y{z}"}[5m]))) / on(job) group_left b '
        'and label_replace(c, "d", "$1", "e", "(.*)") * 60'
    )
    assert metric_names(expr) == {"a_bucket", "b", "c"}


def known_series() -> set[str]:
    for module in PHOENIX_METRIC_MODULES:
        importlib.import_module(module)
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "summary": ("", "_sum", "_count")}
    # By type, not by samples: a labelled metric no code has touched yet exposes no sample.
    phoenix = {family.name + suffix for family in REGISTRY.collect() for suffix in suffixes.get(family.type, ("",))}
    recorded = {
        rule["record"]
        for group in yaml.safe_load(RULES.read_text())["groups"]
        for rule in group["rules"]
        if "record" in rule
    }
    return phoenix | recorded | set(promql.COLLECTOR_METRICS)


def _dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def _queries(dashboard: dict[str, Any]) -> list[str]:
    exprs = [t["expr"] for p in _panels(dashboard) for t in p["targets"]]
    exprs += [v["query"]["query"] for v in dashboard["templating"]["list"] if v["type"] == "query"]
    return exprs


def test_the_dashboard_is_a_grafana_model() -> None:
    dashboard = _dashboard()
    assert dashboard["uid"] and dashboard["title"] and isinstance(dashboard["schemaVersion"], int)
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    assert variables["experiment"]["type"] == variables["variant"]["type"] == "query"
    assert variables["experiment"]["multi"] and variables["variant"]["includeAll"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24
        area = {(grid["x"] + dx, grid["y"] + dy) for dx in range(grid["w"]) for dy in range(grid["h"])}
        assert not cells & area, f"panel {panel['title']!r} overlaps another"
        cells |= area
    for panel in _panels(dashboard):
        assert panel["datasource"]["uid"] == "${datasource}" and panel["targets"], panel["title"]
        assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])


def test_every_query_reads_existing_series_and_uses_defined_variables() -> None:
    dashboard = _dashboard()
    known = known_series()
    defined = {f"${v['name']}" for v in dashboard["templating"]["list"]} | set(GRAFANA_VARIABLES)
    used_names: set[str] = set()
    for expr in _queries(dashboard):
        names = metric_names(re.sub(r"label_values\((.*), *\w+\)$", r"\1", expr))
        assert names, expr
        assert names <= known, f"unknown series {names - known} in {expr}"
        assert set(re.findall(r"\$\w+", expr)) <= defined, expr
        used_names |= names
    # The dashboard covers each part: experiments, live KPIs, collectors, Phoenix itself.
    assert {
        "phoenix_experiment_phase",
        "phoenix_pipeline_critical_retention_ratio",
        "phoenix_pipeline_cardinality_reduction_ratio",
        "phoenix_pipeline_estimated_monthly_cost_usd",
        promql.RECORDED_SERIES,
        promql.COLLECTOR_CPU,
        promql.COLLECTOR_RSS,
        "phoenix_reconcile_duration_seconds_bucket",
        "phoenix_job_errors_total",
    } <= used_names


def test_every_query_parses(tmp_path: Path) -> None:
    promtool = "/usr/bin/promtool" if Path("/usr/bin/promtool").exists() else shutil.which("promtool")
    if promtool is None:
        require_component("promtool", "install the Debian package `prometheus`, which ships /usr/bin/promtool")
    rules = []
    for index, expr in enumerate(e for e in _queries(_dashboard()) if not e.startswith("label_values(")):
        for variable, value in {**GRAFANA_VARIABLES, "$experiment": "checkout", "$variant": "candidate"}.items():
            expr = expr.replace(variable, value)
        rules.append({"record": f"dashboard:query_{index}", "expr": expr})
    path = tmp_path / "dashboard-queries.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = subprocess.run([str(promtool), "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
