"""The two matchers the semantic tier needs, taken from where Phoenix defines them.

`search` is OTTL's `IsMatch` (an unanchored RE2 search, `app.engine.regexp`), used to see which
metric names a pattern can select; `critical_predicate` is the one critical-process rule
(`app.engine.critical`) that the renderer, the KPIs and the guard share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.engine import regexp
from app.engine.critical import critical_matcher

__all__ = ["critical_predicate", "search"]


def search(pattern: str, text: str) -> bool | None:
    """Whether RE2 `pattern` matches somewhere in `text`; None when Phoenix cannot compile or run it."""
    try:
        return regexp.compile(pattern).matches(text)
    except (regexp.RegexpError, TypeError):  # RegexpUnsupported too; the OTTL/schema tiers report invalid ones
        return None


def critical_predicate(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Is a process with this executable name critical under `patterns`? False for every name when
    the list is empty or cannot be evaluated (the pattern checks report why)."""
    try:
        return critical_matcher(list(patterns))  # type: ignore[return-value]
    except (regexp.RegexpError, ValueError):
        return lambda name: False
