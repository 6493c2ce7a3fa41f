"""Go RE2 patterns (what OTTL's `regexp.Compile` accepts) translated to Python `re`.

RE2 and Python agree on most syntax; this module rewrites or rejects the differences, so a pattern
behaves in the engine as it would in the collector, and a pattern the collector rejects is rejected:

- rejected like RE2 does (OttlError): lookarounds, backreferences (`\\1`), atomic/possessive forms,
  conditionals, comments, `\\Z` and other escapes RE2 does not know, nested repetition (`a*+`),
  repeat counts above 1000;
- rewritten: `$` (end of text in RE2, end-or-before-final-newline in Python) becomes `\\Z` unless
  the pattern turns on multi-line mode; `\\z` becomes `\\Z`; `(?<name>` becomes `(?P<name>`;
  octal escapes and `\\x{...}`; `\\Q...\\E` quoting; POSIX classes such as `[[:alpha:]]`;
  `{,n}` (a literal in RE2); flag groups such as `(?i)` in the middle of a pattern (RE2 applies
  them to the rest of the enclosing group, Python 3.11 only accepts them at the start);
- valid RE2 the engine cannot run (OttlUnsupported): Unicode classes `\\p{..}`, `\\C`, the `U`
  (ungreedy) flag, negated POSIX classes.
Patterns compile with `re.ASCII`, because RE2's `\\d \\w \\s \\b` are ASCII-only; as a consequence
`(?i)` folds ASCII letters only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.engine.ottl.errors import OttlError, OttlUnsupported

_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_SAME_ESCAPES = set("aftnrvAbBdDsSwW")
_REJECTED_GROUPS = {
    "=": "lookahead",
    "!": "negative lookahead",
    "<=": "lookbehind",
    "<!": "negative lookbehind",
    ">": "atomic groups",
    "#": "comments",
    "(": "conditionals",
    "P=": "backreferences",
    "P>": "recursion",
}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")


def _is_hex(digits: str) -> bool:
    return bool(digits) and all(d in "0123456789abcdefABCDEF" for d in digits)


def _invalid(pattern: str, why: str) -> OttlError:
    return OttlError(f"{pattern!r} is not a valid RE2 (Go) regexp: {why}")


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """Translate the escape starting at pattern[i] == '\\'; returns (text, next index)."""
    if i + 1 >= len(pattern):
        raise _invalid(pattern, "trailing backslash")
    c = pattern[i + 1]
    if c in _SAME_ESCAPES and not (in_class and c in "AbB"):
        return "\\" + c, i + 2
    if c == "z" and not in_class:
        return "\\Z", i + 2
    if c == "x":
        if pattern.startswith("{", i + 2):
            end = pattern.find("}", i + 3)
            digits = pattern[i + 3 : end] if end > 0 else ""
            if not _is_hex(digits) or int(digits, 16) > 0x10FFFF:
                raise _invalid(pattern, "invalid \\x{...} escape")
            return f"\\U{int(digits, 16):08x}", end + 1
        digits = pattern[i + 2 : i + 4]
        if len(digits) != 2 or not _is_hex(digits):
            raise _invalid(pattern, "invalid \\x escape")
        return "\\x" + digits, i + 4
    if c.isdigit():
        match = re.match(r"[0-7]{1,3}", pattern[i + 1 :])
        if c in "89" or not match or (c != "0" and len(match.group()) == 1):
            raise _invalid(pattern, f"invalid escape \\{c} (RE2 has no backreferences)")
        return f"\\x{int(match.group(), 8):02x}", i + 1 + len(match.group())
    if c in "pP":
        raise OttlUnsupported(
            f"Unicode classes such as \\{c}{{...}} in {pattern!r} are valid RE2 but not supported by the local engine"
        )
    if c == "C":
        raise OttlUnsupported(f"\\C in {pattern!r} is valid RE2 but not supported by the local engine")
    if c.isalnum() or c == "_":
        raise _invalid(pattern, f"invalid escape \\{c}")
    return "\\" + c, i + 2


def _class(pattern: str, i: int) -> tuple[str, int]:
    """Translate a character class starting at pattern[i] == '['; returns (text, next index)."""
    out, j = ["["], i + 1
    if pattern.startswith("^", j):
        out.append("^")
        j += 1
    if pattern.startswith("]", j):
        out.append("\\]")
        j += 1
    while j < len(pattern):
        c = pattern[j]
        if c == "]":
            return "".join(out) + "]", j + 1
        if pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            name = pattern[j + 2 : end] if end > 0 else ""
            if name.startswith("^"):
                raise OttlUnsupported(f"negated POSIX classes in {pattern!r} are not supported by the local engine")
            if name not in _POSIX:
                raise _invalid(pattern, f"invalid character class range [:{name}:]")
            out.append(_POSIX[name])
            j = end + 2
            continue
        if c == "\\":
            if pattern.startswith("Q", j + 1):
                raise OttlUnsupported(f"\\Q inside a class in {pattern!r} is not supported by the local engine")
            text, j = _escape(pattern, j, True)
            out.append(text)
            continue
        # Python warns about (and may one day give meaning to) [ and doubled set operators.
        if c == "[" or (c in "&-|~" and pattern.startswith(c * 2, j)):
            out.append("\\" + c)
            j += 1
            continue
        out.append(c)
        j += 1
    raise _invalid(pattern, "missing closing ]")


def _flags_group(pattern: str, i: int) -> tuple[str, str, int] | None:
    """Parse `(?flags)` or `(?flags:` at i; returns (flags text, terminator, next index)."""
    match = re.match(r"\(\?([imsU]*(?:-[imsU]*)?)([):])", pattern[i:])
    if not match:
        return None
    if "U" in match.group(1):
        raise OttlUnsupported(f"the ungreedy flag U in {pattern!r} is not supported by the local engine")
    if match.group(1) in ("", "-") or match.group(1).endswith("-"):
        raise _invalid(pattern, "missing flags in (?...)")
    return match.group(1), match.group(2), i + match.end()


def _translate(pattern: str) -> str:  # a single scanner over the pattern
    multiline = re.search(r"\(\?[a-zA-Z]*m", pattern) is not None
    out: list[str] = []
    closes: list[int] = [0]  # per open group: extra ')' owed by mid-group flag changes
    i, atom_end = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and pattern.startswith("Q", i + 1):
            end = pattern.find("\\E", i + 2)
            literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
            out.append(re.escape(literal))
            i, atom_end = (len(pattern) if end < 0 else end + 2), True
        elif c == "\\":
            text, i = _escape(pattern, i, False)
            out.append(text)
            atom_end = True
        elif c == "[":
            text, i = _class(pattern, i)
            out.append(text)
            atom_end = True
        elif c == "(":
            for prefix, what in _REJECTED_GROUPS.items():
                if pattern.startswith("(?" + prefix, i):
                    raise _invalid(pattern, f"RE2 does not support {what}")
            flags = _flags_group(pattern, i)
            if flags is not None:
                text, terminator, i = flags
                if terminator == ":":
                    out.append(f"(?{text}:")
                    closes.append(0)
                elif i == len(text) + 3 and not out:
                    out.append(f"(?{text})")
                else:
                    out.append(f"(?{text}:")
                    closes[-1] += 1
                atom_end = False
                continue
            if pattern.startswith("(?<", i) and not pattern.startswith("(?<=", i):
                out.append("(?P<")
                i += 3
            elif pattern.startswith("(?P<", i) or pattern.startswith("(?:", i):
                out.append(pattern[i : i + (4 if pattern[i + 2] == "P" else 3)])
                i += 4 if pattern[i + 2] == "P" else 3
            elif pattern.startswith("(?", i):
                raise _invalid(pattern, "invalid or unsupported Perl syntax (?")
            else:
                out.append("(")
                i += 1
            closes.append(0)
            atom_end = False
        elif c == ")":
            if len(closes) == 1:
                raise _invalid(pattern, "unexpected )")
            out.append(")" * closes.pop() + ")")
            i, atom_end = i + 1, True
        elif c in "*+?":
            if not atom_end and c != "?":
                raise _invalid(pattern, f"missing argument to repetition operator {c}")
            out.append(c)
            i += 1
            if i < len(pattern) and pattern[i] in "*+":
                raise _invalid(pattern, f"invalid nested repetition operator {c}{pattern[i]}")
            if i < len(pattern) and pattern[i] == "?":
                out.append("?")
                i += 1
            atom_end = False
        elif c == "{":
            match = _REPEAT.match(pattern, i)
            if match and atom_end:
                low, high = int(match.group(1)), match.group(3)
                if low > 1000 or (high and int(high) > 1000) or (high and int(high) < low):
                    raise _invalid(pattern, f"invalid repeat count {match.group()}")
                out.append(match.group())
                i = match.end()
                if i < len(pattern) and pattern[i] in "*+":
                    raise _invalid(pattern, "invalid nested repetition operator")
                atom_end = False
            else:
                out.append("\\{")
                i, atom_end = i + 1, True
        elif c == "$" and not multiline:
            out.append("\\Z")
            i, atom_end = i + 1, False
        else:
            out.append(c)
            i, atom_end = i + 1, c not in "|^$"
    if len(closes) != 1:
        raise _invalid(pattern, "missing closing )")
    return "".join(out) + ")" * closes[0]


@lru_cache(maxsize=1024)
def compile_go_regexp(pattern: str) -> re.Pattern[str]:
    """Compile an RE2 pattern with Go semantics; OttlError if RE2 rejects it, OttlUnsupported if we can't."""
    translated = _translate(pattern)
    try:
        return re.compile(translated, re.ASCII)
    except re.error as exc:
        raise _invalid(pattern, str(exc)) from None


def check_go_regexp(pattern: str) -> None:
    """Raise OttlError if the collector would reject `pattern`; patterns we merely can't run pass."""
    try:
        compile_go_regexp(pattern)
    except OttlUnsupported:
        return


_TEMPLATE = re.compile(r"\$(\$|\{(\w+)\}|(\w+))")


def expand_go_template(template: str, match: re.Match[str]) -> str:
    """Go `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to ""."""

    def group(name: str) -> str:
        try:
            value = match.group(int(name) if name.isdigit() else name)
        except (IndexError, KeyError, ValueError):
            return ""
        return value or ""

    def replace(m: re.Match[str]) -> str:
        if m.group(1) == "$":
            return "$"
        return group(m.group(2) or m.group(3))

    return _TEMPLATE.sub(replace, template)
