"""Sample strings for a regex: executable names that a critical (or any) pattern matches.

The behavioural check needs a process per critical pattern. For the default list Phoenix has real
names (`CRITICAL_SAMPLE_NAMES`); for a user's pattern it builds short strings from the pattern's
syntax tree (Python's parser reads the RE2 subset users write: literals, classes, groups,
alternation, repetition, anchors), one per top-level alternative, and keeps only those that the
critical matcher itself accepts. A pattern with no such sample is reported as not checked.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from itertools import islice

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MAX_SAMPLES = 4
_CATEGORY = {
    C.CATEGORY_DIGIT: "0",
    C.CATEGORY_NOT_DIGIT: "a",
    C.CATEGORY_WORD: "a",
    C.CATEGORY_NOT_WORD: "-",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_SPACE: "a",
}
_CANDIDATES = "a0_-.xZ/ "


class _Unsampleable(Exception):
    pass


def _class_char(items: list[tuple]) -> str:
    negate = bool(items) and items[0][0] is C.NEGATE
    if not negate:
        op, av = items[0]
        if op is C.LITERAL:
            return chr(av)
        if op is C.RANGE:
            return chr(av[0])
        if op is C.CATEGORY and av in _CATEGORY:
            return _CATEGORY[av]
        raise _Unsampleable
    excluded = re.compile("[" + "".join(_class_text(op, av) for op, av in items[1:]) + "]")
    for ch in _CANDIDATES:
        if not excluded.match(ch):
            return ch
    raise _Unsampleable


def _class_text(op: object, av: object) -> str:
    if op is C.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is C.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"  # type: ignore[index]
    if op is C.CATEGORY:
        return {v: k for k, v in _CATEGORY_ESCAPES.items()}.get(av, "")  # type: ignore[arg-type]
    raise _Unsampleable


_CATEGORY_ESCAPES = {
    "\\d": C.CATEGORY_DIGIT,
    "\\D": C.CATEGORY_NOT_DIGIT,
    "\\w": C.CATEGORY_WORD,
    "\\W": C.CATEGORY_NOT_WORD,
    "\\s": C.CATEGORY_SPACE,
    "\\S": C.CATEGORY_NOT_SPACE,
}


def _sequence(items: list[tuple], first_branch: int = 0) -> str:
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            out.append(_class_char(av))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            low, _, sub = av
            out.append(_sequence(list(sub)) * low)
        elif op is C.SUBPATTERN:
            out.append(_sequence(list(av[-1])))
        elif op is C.BRANCH:
            out.append(_sequence(list(av[1][first_branch if first_branch < len(av[1]) else 0])))
        elif op is C.AT:
            continue
        elif op is C.CATEGORY and av in _CATEGORY:
            out.append(_CATEGORY[av])
        else:
            raise _Unsampleable  # look-arounds, back-references, ... (RE2 has none of them)
    return "".join(out)


def _alternatives(pattern: str) -> Iterator[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's parser warns about RE2's POSIX classes `[[:alpha:]]`
            tree = list(P.parse(pattern))
    except (re.error, OverflowError, RecursionError, ValueError):
        return
    branches = 1
    for op, av in tree:
        if op is C.BRANCH:
            branches = len(av[1])
        elif op is C.SUBPATTERN and len(tree) <= 3:
            inner = list(av[-1])
            if len(inner) == 1 and inner[0][0] is C.BRANCH:
                tree, branches = inner + [t for t in tree if t[0] is C.AT], len(inner[0][1])
                break
    for i in range(branches):
        try:
            yield _sequence(tree, i)
        except (_Unsampleable, ValueError, OverflowError, RecursionError):
            continue


def sample_pattern(pattern: str, accepts: Callable[[str], bool]) -> list[str]:
    """Up to MAX_SAMPLES distinct non-empty strings built from `pattern` that `accepts` takes."""
    out: list[str] = []
    for sample in islice(_alternatives(pattern), 32):
        if sample and sample not in out and accepts(sample):
            out.append(sample)
        if len(out) >= MAX_SAMPLES:
            break
    return out
