"""Regular expressions as the collector runs them: Go's RE2, checked from Python.

Python's `re` accepts constructs RE2 refuses (look-arounds, back-references, atomic groups);
a pattern that passes here compiles in both.
"""

from __future__ import annotations

import re

_RE2_UNSUPPORTED = (
    (re.compile(r"\(\?<?[=!]"), "look-around assertions"),
    (re.compile(r"\(\?>"), "atomic groups"),
    (re.compile(r"\(\?P=\w+\)"), "named back-references"),
    (re.compile(r"(?<!\\)\\[1-9]"), "back-references"),
)


def check_re2(pattern: str) -> str:
    """`pattern` if RE2 (and Python) can compile it; raises ValueError saying why not."""
    for rule, what in _RE2_UNSUPPORTED:
        if rule.search(pattern):
            raise ValueError(f"invalid regex {pattern!r}: {what} are not supported by the collector (RE2)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc}") from None
    return pattern
