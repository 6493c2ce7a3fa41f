"""The one safe YAML loader: every limit stops the parse with its reason and line, and ordinary
YAML (anchors and merge keys included) loads as `yaml.safe_load` would load it."""

from __future__ import annotations

import time

import pytest
import yaml

from app.core import safe_yaml
from app.core.safe_yaml import Reason, SafeYamlError, YamlLimits


def _laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        (_laughs(9), Reason.EXPANSION, 6),  # 9**6 laughs are over 100,000 nodes: refused at the alias
        ("a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(150)), Reason.ALIASES, 102),
        ("a: &a " + "x" * 500_000 + "\n" + "".join(f"k{i}: *a\n" for i in range(10)), Reason.EXPANSION, 9),
        ("x: " + "[" * 500 + "]" * 500, Reason.DEPTH, 1),
        ("x: " + "{a: " * 500 + "1" + "}" * 500, Reason.DEPTH, 1),
        ("a: &a\n  b: *a\n", Reason.RECURSIVE_ALIAS, 2),
        ("a: 1\nb: 2\na: 3\n", Reason.DUPLICATE_KEY, 3),
        ("a: 1\n---\nb: 2\n", Reason.SYNTAX, 2),
        ("a: [1, 2\n", Reason.SYNTAX, 2),
        ("a: !!python/object/apply:os.system [true]\n", Reason.SYNTAX, 1),
        ("a: *nowhere\n", Reason.SYNTAX, 1),
        ("a: 1\nb: \x00\n", Reason.NUL, 2),
        ("x" * 1_100_000, Reason.SIZE, None),
    ],
    ids=[
        "billion-laughs",
        "alias-flood",
        "wide-scalar-aliases",
        "deep-flow-sequence",
        "deep-flow-mapping",
        "recursive-alias",
        "duplicate-key",
        "two-documents",
        "syntax",
        "python-tag",
        "undefined-alias",
        "nul",
        "size",
    ],
)
def test_limits_stop_the_parse_with_reason_and_line(text: str, reason: Reason, line: int | None) -> None:
    started = time.perf_counter()
    with pytest.raises(SafeYamlError) as caught:
        safe_yaml.load(text)
    assert (caught.value.reason, caught.value.line) == (reason, line), caught.value.message
    assert time.perf_counter() - started < 5  # refused while parsing, never expanded


def test_ordinary_yaml_loads_as_safe_load_does() -> None:
    text = "base: &b {x: 1, y: [a, b]}\nc:\n  <<: *b\n  z: 3\nd: *b\nwhen: 2024-01-02\nempty:\n"
    assert safe_yaml.load(text) == yaml.safe_load(text)
    assert safe_yaml.load("") is None


def test_limits_are_configurable_and_count_expanded_aliases() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"  # 4 + 4 + 4 nodes expanded, plus b and the root mapping
    assert safe_yaml.load(text, YamlLimits(max_expanded_nodes=50)) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    with pytest.raises(SafeYamlError) as caught:
        safe_yaml.load(text, YamlLimits(max_expanded_nodes=10))
    assert caught.value.reason == Reason.EXPANSION


def test_duplicate_keys_can_be_left_to_the_caller() -> None:
    assert safe_yaml.load("a: 1\na: 2\n", duplicate_keys=True) == {"a": 2}


def test_check_depth_is_iterative_and_bounded() -> None:
    nested: dict = {"leaf": 1}
    for _ in range(100_000):  # far beyond the recursion limit: the check itself must not recurse
        nested = {"a": nested}
    with pytest.raises(ValueError, match="deeper than 64"):
        safe_yaml.check_depth(nested)
    shallow = {"a": [{"b": 1}]}
    assert safe_yaml.check_depth(shallow) is shallow
