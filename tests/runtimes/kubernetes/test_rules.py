"""`deploy/prometheus/phoenix-rules.yaml`: valid for promtool, unit-tested, and the PromQL of `promql.py`.

`promtool check rules` must accept the file and reject a deliberately broken copy (so the check
is not vacuous); `promtool test rules` runs `promtool/phoenix-rules.test.yaml` (recorded KPIs of a
small fleet and every alert firing with its rendered annotations); and each recording rule must be
the expression `app.runtimes.kubernetes.promql.recording_rules()` builds, so PromQL stays written once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from app.runtimes.kubernetes import promql
from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "deploy" / "prometheus" / "phoenix-rules.yaml"
UNIT_TESTS = Path(__file__).resolve().parent / "promtool" / "phoenix-rules.test.yaml"


def _promtool() -> str:
    found = "/usr/bin/promtool" if Path("/usr/bin/promtool").exists() else shutil.which("promtool")
    if found is None:
        require_component("promtool", "install the Debian package `prometheus`, which ships /usr/bin/promtool")
    assert found is not None
    return found


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_promtool(), *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def _compact(expr: str) -> str:
    return re.sub(r"\s+", "", expr)


def _rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def test_promtool_accepts_the_rules() -> None:
    result = _run("check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(_rules())} rules found" in result.stdout


@pytest.mark.parametrize(
    "breakage",
    [
        ("count by (phoenix_experiment, phoenix_variant) ({", "count by (phoenix_experiment, phoenix_variant ({"),
        ("for: 5m", "for: five minutes"),
        ("- record: phoenix_variant:hosts:count", "- record: phoenix variant hosts"),
        ('expr: up{phoenix_io_variant!=""} == 0', 'exprs: up{phoenix_io_variant!=""} == 0'),
    ],
)
def test_promtool_rejects_a_broken_copy(tmp_path: Path, breakage: tuple[str, str]) -> None:
    original, broken = breakage
    text = RULES.read_text()
    assert original in text
    copy = tmp_path / "broken-rules.yaml"
    copy.write_text(text.replace(original, broken, 1))
    result = _run("check", "rules", str(copy))
    assert result.returncode != 0, result.stdout
    assert "FAILED" in result.stdout + result.stderr


def test_promtool_unit_tests_pass() -> None:
    result = _run("test", "rules", UNIT_TESTS.name, cwd=UNIT_TESTS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_recording_rules_are_the_promql_module() -> None:
    recorded = {rule["record"]: rule["expr"] for rule in _rules() if "record" in rule}
    expected = promql.recording_rules()
    assert set(recorded) == set(expected)
    for name, expr in expected.items():
        assert _compact(recorded[name]) == _compact(expr), name


def test_collector_down_alert_is_the_promql_module() -> None:
    (alert,) = [rule for rule in _rules() if rule.get("alert") == "PhoenixCollectorDown"]
    assert _compact(alert["expr"]) == _compact(promql.collectors_down())


def test_every_alert_has_severity_summary_and_description() -> None:
    alerts = [rule for rule in _rules() if "alert" in rule]
    assert {a["alert"] for a in alerts} >= {
        "PhoenixCriticalProcessLost",
        "PhoenixCardinalityReductionBelowTarget",
        "PhoenixReconcileErrors",
        "PhoenixJobErrors",
        "PhoenixCollectorDown",
    }
    for alert in alerts:
        assert alert["labels"]["severity"] in ("critical", "warning")
        assert alert["annotations"]["summary"] and alert["annotations"]["description"]


def test_promtool_accepts_the_compose_config() -> None:
    """The compose Prometheus config (with its rule file) loads; the Kubernetes scrape job is checked
    for its shape only, since Debian's promtool is built without Kubernetes service discovery."""
    result = _run("check", "config", "prometheus.yml", cwd=RULES.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    job = yaml.safe_load((RULES.parent / "kubernetes-scrape.yaml").read_text())["scrape_configs"][0]
    assert job["kubernetes_sd_configs"] == [{"role": "pod"}]
    kept = [r["regex"] for r in job["relabel_configs"] if r.get("action") == "keep"]
    assert kept == ["phoenix-collector", "metrics|telemetry"]
