"""Each file in `broken_configs/` is broken on purpose; its header says which issue, on which line.

Header keys: `expect-tier`, `expect-severity`, `expect-message` (a substring), `expect-code` (its
stable code, docs/validation.md), `expect-line`, `collector-rejects` (yes: the pinned collector's own
`validate` refuses the file, so the finding is a collector error; no: it loads, so the finding is
Phoenix's; `tests/otelcol` checks this against the real binary), and `against: <file>` for a variant
checked for port clashes against another variant. Phoenix's policies (`policy.*`) are warnings, and
errors in strict mode. These tests run the static tiers only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.validation import check_port_conflicts, validate_config

FOLDER = Path(__file__).parent / "broken_configs"
CASES = sorted(p for p in FOLDER.glob("*.yaml") if not p.name.startswith("00_"))


def _header(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# ([a-z-]+): (.*)$", text, re.M))


def test_there_are_at_least_fifteen_broken_configs() -> None:
    assert len(CASES) >= 15


def test_the_reference_config_is_valid() -> None:
    result = validate_config((FOLDER / "00_valid_baseline.yaml").read_text(), run_otelcol=False)
    assert result.valid and not result.warnings, result.to_dict()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_broken_config_yields_its_issue_on_its_line(path: Path) -> None:
    text = path.read_text()
    expect = _header(text)
    if "against" in expect:
        issues = check_port_conflicts({"baseline": (FOLDER / expect["against"]).read_text(), "candidate": text})
    else:
        result = validate_config(text, run_otelcol=False)
        issues = result.errors + result.warnings
        assert result.valid is (expect["expect-severity"] == "warning"), result.to_dict()
    matching = [
        i
        for i in issues
        if i.tier == expect["expect-tier"]
        and i.severity == expect["expect-severity"]
        and expect["expect-message"] in i.message
    ]
    assert matching, [(i.tier, i.severity, i.line, i.message) for i in issues]
    assert matching[0].line == int(expect["expect-line"]), (matching[0].path, matching[0].message)
    assert matching[0].line is not None and 1 <= matching[0].line <= len(text.splitlines())
    assert matching[0].refused_by == {"yes": "collector", "no": "phoenix"}[expect["collector-rejects"]]
    assert matching[0].code == expect["expect-code"]


POLICY_CASES = [p for p in CASES if "# expect-code: policy." in p.read_text()]


@pytest.mark.parametrize("path", POLICY_CASES, ids=lambda p: p.stem)
def test_a_policy_finding_is_an_error_in_strict_mode(path: Path) -> None:
    text = path.read_text()
    expect = _header(text)
    if "against" in expect:
        configs = {"baseline": (FOLDER / expect["against"]).read_text(), "candidate": text}
        issues = check_port_conflicts(configs, strict=True)
    else:
        result = validate_config(text, run_otelcol=False, strict=True)
        assert not result.valid
        issues = result.errors
    assert [i for i in issues if i.code == expect["expect-code"] and i.severity == "error"], issues
