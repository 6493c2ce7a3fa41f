"""The codes of validation findings (`app/validation/codes.py`): each one is produced by its
documented example, docs/validation.md lists exactly the registered codes, every finding is made
through the registry, and strict mode turns Phoenix's policies, and nothing else, into errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.validation import validate_config
from app.validation.codes import BASE_EXAMPLE, CODES, Code, CodeSpec, docs_markdown
from app.validation.otelcol import check_otelcol
from app.validation.source import load

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs" / "validation.md"
VALIDATION = ROOT / "app" / "pipelines" / "validation"
# Examples the static tiers answer; `collector.*` needs the binary (tests/otelcol/test_validate.py).
STATIC = [s for s in CODES.values() if s.example is not None and s.family != "collector"]


def test_the_base_example_has_no_finding() -> None:
    result = validate_config(BASE_EXAMPLE, run_otelcol=False)
    assert result.valid and not result.warnings, result.to_dict()


@pytest.mark.parametrize("spec", STATIC, ids=lambda s: str(s.code))
def test_each_documented_example_yields_its_code(spec: CodeSpec) -> None:
    assert spec.example is not None
    result = validate_config(spec.example, run_otelcol=False)
    found = [i for i in result.errors + result.warnings if i.code == spec.code]
    assert found, [(i.code, i.message) for i in result.errors + result.warnings]
    issue = found[0]
    assert (issue.severity, issue.refused_by) == (spec.severity, spec.refused_by)
    assert issue.hint and issue.message
    assert issue.line is None or 1 <= issue.line <= len(spec.example.splitlines())


def test_the_docs_are_generated_from_the_registry() -> None:
    assert DOCS.read_text() == docs_markdown(), (
        "docs/validation.md is stale: python -m app.validation.codes > docs/validation.md"
    )


def test_the_docs_list_exactly_the_registered_codes() -> None:
    text = DOCS.read_text()
    headings = re.findall(r"^### `([a-z_.]+)`$", text, re.M)
    rows = re.findall(r"^\| `([a-z_.]+)` \|", text, re.M)
    assert sorted(headings) == sorted(rows) == sorted(str(c) for c in Code)
    assert len(set(headings)) == len(headings)
    assert "docs/validation.md" in (ROOT / "README.md").read_text()


def test_every_finding_is_made_through_the_registry() -> None:
    direct = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(VALIDATION.rglob("*.py"))
        if path.name not in ("issues.py", "codes.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bValidationIssue\(", line)
    ]
    assert direct == []


def test_families_say_who_refuses_and_how_severe() -> None:
    for spec in CODES.values():
        assert spec.meaning.endswith(".") and spec.hint, spec.code
        if spec.family == "policy":
            assert (spec.severity, spec.refused_by) == ("warning", "phoenix"), spec.code
        elif spec.family == "semantic":
            assert spec.refused_by == "phoenix", spec.code
        elif spec.family == "coverage":
            assert spec.severity == "warning", spec.code
        elif spec.code not in (Code.PARSE_LIMIT, Code.SCHEMA_IGNORED_KEY, Code.COLLECTOR_UNAVAILABLE):
            assert (spec.severity, spec.refused_by) == ("error", "collector"), spec.code


def test_strict_turns_policies_and_nothing_else_into_errors() -> None:
    text = CODES[Code.POLICY_BATCH_LAST].example
    assert text is not None
    text = text.replace("  debug: {}\n", "  debug:\n    verbosity: ${env:VERBOSITY}\n")
    lenient = validate_config(text, run_otelcol=False)
    assert lenient.valid
    assert {w.code for w in lenient.warnings} == {"policy.batch_last", "coverage.env_value"}
    strict = validate_config(text, run_otelcol=False, strict=True)
    assert not strict.valid
    assert [e.code for e in strict.errors] == ["policy.batch_last"]
    assert [w.code for w in strict.warnings] == ["coverage.env_value"]


def test_a_collector_that_does_not_run_is_reported_as_unavailable(tmp_path: Path) -> None:
    fake = tmp_path / "otelcol"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    check = check_otelcol(load(BASE_EXAMPLE), BASE_EXAMPLE, binary=fake)
    assert [(i.code, i.severity, i.tier) for i in check.issues] == [("collector.unavailable", "warning", "otelcol")]
    assert check.collector is None
