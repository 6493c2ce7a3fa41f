"""Would a filter drop a critical process? Evaluated on the OTTL syntax tree, per critical name.

The filter processor DROPS what its conditions match. A common mistake is to write the keep-list
itself (`IsMatch(resource.attributes["process.executable.name"], "postgres|nginx")`), which drops
exactly the processes it meant to protect. Each condition is evaluated for a process named like
each default critical pattern, in three-valued logic: only the executable name is known, every
other test (metric name, values, other attributes) is unknown. A condition that is certainly true
for a critical name drops that process. `IsMatch` is evaluated as the collector does it (an
unanchored RE2 search, `app.engine.regexp`), and which sample names a pattern list protects is
`app.engine.critical`'s rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.engine.collector import EXECUTABLE_NAME
from app.engine.critical_patterns import CRITICAL_SAMPLE_NAMES, is_critical

Truth = bool | None


def _is_executable_name(node: object) -> bool:
    segments = getattr(node, "segments", None)
    if not segments or [s.name for s in segments] != ["resource", "attributes"]:
        return False
    keys = segments[1].keys
    return len(keys) == 1 and _string(keys[0].value) == EXECUTABLE_NAME


def _string(node: object) -> str | None:
    return node.value if getattr(node, "kind", None) == "string" else None  # type: ignore[attr-defined]


def evaluate(node: object, name: str, compile_regex: Callable[[str], Any]) -> Truth:
    """Truth of boolean OTTL `node` for a process whose executable name is `name` (None: unknown)."""
    kind = type(node).__name__
    if kind == "BoolOp":
        values = [evaluate(o, name, compile_regex) for o in node.operands]  # type: ignore[attr-defined]
        if node.op == "and":  # type: ignore[attr-defined]
            return False if False in values else (True if all(v is True for v in values) else None)
        return True if True in values else (False if all(v is False for v in values) else None)
    if kind == "Not":
        value = evaluate(node.operand, name, compile_regex)  # type: ignore[attr-defined]
        return None if value is None else not value
    if kind == "Literal" and node.kind == "bool":  # type: ignore[attr-defined]
        return bool(node.value)  # type: ignore[attr-defined]
    if kind == "Comparison" and node.op in ("==", "!="):  # type: ignore[attr-defined]
        left, right = node.left, node.right  # type: ignore[attr-defined]
        literal = None
        if _is_executable_name(left):
            literal = _string(right)
        elif _is_executable_name(right):
            literal = _string(left)
        if literal is None:
            return None
        return (name == literal) == (node.op == "==")  # type: ignore[attr-defined]
    if kind == "Call" and node.name == "IsMatch" and len(node.args) == 2:  # type: ignore[attr-defined]
        target, pattern = (a.value for a in node.args)  # type: ignore[attr-defined]
        text = _string(pattern)
        if not _is_executable_name(target) or text is None:
            return None
        try:
            return compile_regex(text).search(name) is not None
        except ValueError:  # a pattern the collector refuses: the OTTL tier reports it
            return None
    return None


_PLAIN_NAME = re.compile(r"^\^?([A-Za-z0-9_-]+)\$?$")  # `nginx`, `^nginx$`: the name itself


def sample_names(patterns: list[str] | None = None) -> list[str]:
    """Executable names to test: one per default critical pattern, or, for an experiment's own
    patterns, the defaults they still cover plus every pattern that is a plain name."""
    if patterns is None:
        return list(CRITICAL_SAMPLE_NAMES)
    if not patterns:
        return []
    names = [n for n in CRITICAL_SAMPLE_NAMES if is_critical(n, patterns)]
    plain = [m.group(1) for p in patterns if (m := _PLAIN_NAME.match(p))]
    return names + [n for n in dict.fromkeys(plain) if n not in names]


def dropped_critical_names(
    condition: object, compile_regex: Callable[[str], Any], names: list[str] | None = None
) -> list[str]:
    """Critical executable names that `condition` (a parsed filter condition) certainly drops."""
    return [n for n in (sample_names() if names is None else names) if evaluate(condition, n, compile_regex) is True]
