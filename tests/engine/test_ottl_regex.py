"""OTTL's regexes are RE2 run as the collector runs them; OTTL errors say whether the collector refuses a
pattern or Phoenix merely cannot run it. The Go-vs-RE2 table itself is tests/engine/test_regexp.py."""

from __future__ import annotations

import pytest

from app.engine.ottl import OttlError, OttlUnsupported
from app.engine.ottl.regex import check_go_regexp, compile_go_regexp, expand_go_template
from app.engine.ottl.values import compare, go_float, go_json


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("^nginx$", "nginx", True),
        ("^nginx$", "nginx\n", False),  # RE2's $ is end of text; Python's would match before a final \n
        ("(?m)^b$", "a\nb\nc", True),
        ("(?i).*password.*", "PassWord=1", True),
        ("a(?i)b", "aB", True),  # a mid-pattern flag applies to the rest of the pattern
        ("a(?i)b", "AB", False),
        ("[[:digit:]]+x", "12x", True),  # POSIX classes
        (r"\Q1+1\E=2", "1+1=2", True),  # quoted literal text
        ("(?<proc>java)", "java", True),  # Go 1.22 named groups
        (r"\101", "A", True),  # octal escape, not a backreference
        (r"\d", "٣", False),  # \d is ASCII-only in RE2
        (r"x{,2}", "x{,2}", True),  # {,n} is a literal in RE2
    ],
)
def test_re2_semantics(pattern: str, text: str, expected: bool) -> None:
    assert (compile_go_regexp(pattern).search(text) is not None) is expected


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("(?=x)", "Perl syntax"),
        ("(?!x)", "Perl syntax"),
        (r"(a)\1", "invalid escape sequence"),
        (r"a\Z", "invalid escape"),
        ("a*+", "nested repetition"),
        ("a{1001}", "repeat count"),
        ("(a", "missing closing )"),
        ("[a", "missing closing ]"),
        ("a)", "unexpected )"),
        ("[[:word2:]]", "class"),
    ],
)
def test_patterns_re2_rejects(pattern: str, fragment: str) -> None:
    with pytest.raises(OttlError, match="not a valid RE2") as info:
        check_go_regexp(pattern)
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("pattern", "text"), [(r"\pL", "é"), (r"\p{Greek}", "\u03b1"), ("(?U)a+", "a"), ("[[:^alpha:]]", "1")]
)
def test_unicode_classes_ungreedy_and_negated_posix_classes_run(pattern: str, text: str) -> None:
    assert compile_go_regexp(pattern).search(text) is not None


@pytest.mark.parametrize("pattern", [r"\pL{1000}", r"[\P{LC}]", r"[a\p{Cn}]"])
def test_valid_re2_the_engine_cannot_run(pattern: str) -> None:
    check_go_regexp(pattern)  # the collector accepts it, so a config check must too
    with pytest.raises(OttlUnsupported, match="Phoenix cannot evaluate it"):
        compile_go_regexp(pattern)


def test_go_replacement_templates() -> None:
    match = compile_go_regexp("(?P<name>k)(b)").search("kb")
    assert expand_go_template("$1|${2}|$name|$$|$1x|${x}", match) == "k|b|k|$||"


def test_go_formatting_of_values() -> None:
    assert [go_float(v) for v in (1.0, 0.5, 1e-7, 1e21, 1e20)] == ["1", "0.5", "1e-7", "1e+21", "100000000000000000000"]
    assert go_json({"b": [1, 2.0, "<x>"], "a": None, "c": True}) == '{"a":null,"b":[1,2,"\\u003cx\\u003e"],"c":true}'
    assert compare(True, 1, "==") is False and compare(1, 1.0, "==") is True
