"""Which executable names a list of critical-process patterns protects: the one rule.

A process is critical when any pattern matches its `process.executable.name` the way the rendered
OTTL does: `IsMatch(resource.attributes["process.executable.name"], "<critical_regex>")`, an
unanchored RE2 search (Go's `regexp.MatchString`). So `^postgres` also matches `postgres15` and
`nginx` matches `nginx-exporter`; a pattern for the whole name is anchored: `^postgres$`.

The renderer writes `critical_regex(patterns)` into the templates, the engine's retention KPI, the
validator's critical guard and the "matches on this host" check use `critical_matcher(patterns)`;
both come from here, so what Phoenix reports is what the collector keeps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from app.engine import regexp

NEVER = r"[^\x00-\x{10FFFF}]"
"""A pattern no text matches: the critical regex of an empty list."""


def critical_regex(patterns: Sequence[str]) -> str:
    """The single RE2 pattern of a list: each pattern as its own group, alternated, unanchored."""
    if not patterns:
        return NEVER
    return "|".join(regexp.group(p) for p in patterns)


def check_patterns(patterns: Sequence[str]) -> list[str]:
    """`patterns` if each one, and their alternation, is a pattern Phoenix can evaluate as the
    collector does; raises `regexp.RegexpError` (a ValueError) naming the pattern at fault."""
    for pattern in patterns:
        regexp.compile(pattern)
    regexp.compile(critical_regex(patterns))
    return list(patterns)


def critical_matcher(patterns: Sequence[str]) -> Callable[[object], bool]:
    """A predicate: is a process with this executable name critical under `patterns`?"""
    compiled = regexp.compile(critical_regex(check_patterns(patterns)))
    return lambda name: isinstance(name, str) and compiled.matches(name)


def is_critical(executable_name: str, patterns: Sequence[str]) -> bool:
    """Whether a process with this executable name is critical under `patterns`."""
    return critical_matcher(patterns)(executable_name)


def matches_by_pattern(names: Iterable[str], patterns: Sequence[str]) -> dict[str, Counter[str]]:
    """For each pattern, the executable names it protects with their process counts (a name may be
    under several patterns: each says what it alone would protect)."""
    counts = Counter(name for name in names if isinstance(name, str))
    found: dict[str, Counter[str]] = {}
    for pattern in check_patterns(patterns):
        matcher = critical_matcher([pattern])
        found[pattern] = Counter({name: n for name, n in counts.items() if matcher(name)})
    return found
