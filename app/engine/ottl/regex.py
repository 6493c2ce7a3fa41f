"""OTTL's regular expressions: the engine's RE2 (`app.engine.regexp`) with OTTL's errors.

A pattern the collector refuses raises OttlError; one it accepts that Phoenix cannot evaluate raises
OttlUnsupported. What RE2 and Go's regexp do differently, and how Phoenix handles it, is written in
`app.engine.regexp`.
"""

from __future__ import annotations

from app.engine import regexp
from app.engine.ottl.errors import OttlError, OttlUnsupported

expand_go_template = regexp.expand
"""Go's `Regexp.Expand` (`$1`, `${name}`, `$$`), for replacement templates."""


def compile_go_regexp(pattern: str) -> regexp.Regexp:
    """`pattern` compiled as the collector compiles it; OttlError if it refuses, OttlUnsupported if we can't run it."""
    try:
        return regexp.compile(pattern)
    except regexp.RegexpUnsupported as exc:
        raise OttlUnsupported(str(exc)) from None
    except regexp.RegexpError as exc:
        raise OttlError(str(exc)) from None


def check_go_regexp(pattern: str) -> None:
    """Raise OttlError if the collector would reject `pattern`; patterns we merely can't run pass."""
    try:
        regexp.check(pattern)
    except regexp.RegexpError as exc:
        raise OttlError(str(exc)) from None
