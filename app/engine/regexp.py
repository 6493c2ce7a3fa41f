"""Regular expressions as the collector runs them: Go's `regexp` (RE2 syntax), evaluated by RE2 itself.

Every pattern Phoenix evaluates or checks on the collector's behalf comes through here: OTTL
(`IsMatch`, `replace_pattern`, `replace_all_patterns`, `delete_matching_keys`, ...), `regexp` match
types of component configs, the process scraper's include/exclude, critical-process patterns and the
validator. Patterns run in Google's C++ RE2 (the `google-re2` package): the collector's dialect, in
time linear in the text, whatever the pattern. Errors are raised as `RegexpError` (the collector
refuses the pattern) or `RegexpUnsupported` (the collector accepts it, Phoenix cannot evaluate it).

C++ RE2 and Go's `regexp` share a syntax but are two implementations. Verified against Go 1.26 (the
Go of the bundled collector), the differences that matter and what this module does about them:

- refused by Go, accepted by C++, so refused here: `\\C` (any byte); capture-group names that are not
  ASCII letters, digits and `_` (`(?P<é>x)`); groups nested 1000 deep or more (Go: "expression nests
  too deeply"; Go also counts other operators in that height, so a tree made deep by alternations or
  repetitions inside fewer groups still loads in Phoenix and is refused by the collector);
- Unicode class names (`\\p{...}`, Go 1.25+): Go looks names up case-insensitively, ignoring `_`, `-`
  and spaces (`\\p{greek}`, `\\pl`), accepts the long category names (`\\p{Letter}`,
  `\\p{Uppercase_Letter}`), `ASCII`, `Assigned`, `Cn` and `LC`, and its `C` includes unassigned code
  points. C++ knows only the exact short names and its `C` has no `Cn`. Names are rewritten to what C++
  means by them (`\\p{greek}` -> `\\p{Greek}`, `\\p{Letter}` -> `\\p{L}`, `\\p{LC}` ->
  `[\\p{Lu}\\p{Ll}\\p{Lt}]`, `\\p{C}` and `\\p{Cn}` through the complement of the assigned
  categories). The same lookup makes Go refuse every script with a multi-word name (`\\p{Old_Italic}`,
  `\\p{SignWriting}`): refused here as well. The few forms that have no C++ spelling inside a bracket
  class (a negated `\\P{LC}`, `\\p{C}`, `\\p{Cn}`, `\\P{Assigned}` inside `[...]`) are `RegexpUnsupported`;
- Unicode versions: Go 1.26's tables are Unicode 15.0, the RE2 wheel's 15.1, so the 627 characters
  added in 15.1 (CJK extension I) are `\\p{Han}`/`\\pL` in Phoenix and unassigned in the collector;
- size: C++ RE2 compiles UTF-8 classes into many more instructions than Go and stops at 8 MiB
  (`\\pL{1000}` compiles in Go, not in C++). Such patterns are `RegexpUnsupported`: the budget stays
  at RE2's default because compile time grows with it (seconds at 256 MiB). Go refuses programs above
  about 3.3 million instructions, so every pattern the collector refuses for size is refused here too;
- the text: Go matches the bytes of a string, an invalid UTF-8 byte reading as U+FFFD. Python strings
  cannot hold invalid UTF-8 except as lone surrogates (`surrogateescape`); those are matched as
  U+FFFD too, and text taken from a match carries U+FFFD where Go would keep the original byte;
- iteration: Go's `ReplaceAllString` and `FindAll*` skip an empty match right after a previous match
  (`a*` on `baaac` replaces at 0, 1-4, 5: `-b-c-`); Python's and google-re2's `sub` do not. `find_all`
  and `replace_all` are written from Go's `allMatches` and `replaceAll`.

Both refuse the rest alike (checked pattern by pattern): nested repetition `a**`, `a++`, `a*+`,
`a{2}{3}` (C++ RE2 refuses stacked operators in Perl mode too); repeat counts above 1000, also as the
product of nested repeats (`(a{500}){500}`); `\\Z`, back-references, look-arounds, atomic groups,
`(?#...)`, `(?x)`. Both accept and agree on `(?<name>...)` and `(?P<name>...)`, POSIX classes,
`\\p{L}` and scripts, Unicode `(?i)` with simple case folding (`(?i)k` matches the Kelvin sign, `ß` does
not match `SS`), `(?U)`, `(?s)`, `(?m)`, `\\A`, `\\z`, ASCII-only `\\b`, `\\d`, `\\s`, `\\w`, octal
escapes, `\\Q...\\E` and `x{,2}` as a literal. Matching is leftmost-first in both.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import re2

__all__ = [
    "Match",
    "Regexp",
    "RegexpError",
    "RegexpUnsupported",
    "check",
    "compile",
    "expand",
    "group",
]

MAX_MEMORY = 8 << 20
"""RE2's default budget for one compiled pattern (program and DFA caches)."""

MAX_CAPTURE_NESTING = 999
"""Go refuses a parse tree more than 1000 nodes high; every capture group is one level."""


class RegexpError(ValueError):
    """A pattern the collector refuses (Go's `regexp.Compile` returns an error)."""

    verdict = "is not a valid RE2 (Go regexp) pattern"

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(f"{pattern!r} {self.verdict}: {reason}")
        self.pattern, self.reason = pattern, reason


class RegexpUnsupported(RegexpError):
    """A pattern the collector accepts that Phoenix cannot evaluate."""

    verdict = "is valid for the collector but Phoenix cannot evaluate it"


# C++ RE2's error codes in Go's words, so a finding reads like the collector's own error.
_GO_WORDING = {
    "bad repetition operator": "invalid nested repetition operator",
    "invalid repetition size": "invalid repeat count",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "missing ]": "missing closing ]",
    "missing )": "missing closing )",
    "invalid named capture group": "invalid named capture",
    "trailing \\": "trailing backslash at end of expression",
    "bad character class": "invalid character class",
}

# Go's unicode.CategoryAliases, keyed by Go's canonical lookup name (see `_canonical`).
_CATEGORY_ALIASES = {
    "Casedletter": "Lc",
    "Closepunctuation": "Pe",
    "Cntrl": "Cc",
    "Combiningmark": "M",
    "Connectorpunctuation": "Pc",
    "Control": "Cc",
    "Currencysymbol": "Sc",
    "Dashpunctuation": "Pd",
    "Decimalnumber": "Nd",
    "Digit": "Nd",
    "Enclosingmark": "Me",
    "Finalpunctuation": "Pf",
    "Format": "Cf",
    "Initialpunctuation": "Pi",
    "Letter": "L",
    "Letternumber": "Nl",
    "Lineseparator": "Zl",
    "Lowercaseletter": "Ll",
    "Mark": "M",
    "Mathsymbol": "Sm",
    "Modifierletter": "Lm",
    "Modifiersymbol": "Sk",
    "Nonspacingmark": "Mn",
    "Number": "N",
    "Openpunctuation": "Ps",
    "Other": "C",
    "Otherletter": "Lo",
    "Othernumber": "No",
    "Otherpunctuation": "Po",
    "Othersymbol": "So",
    "Paragraphseparator": "Zp",
    "Privateuse": "Co",
    "Punct": "P",
    "Punctuation": "P",
    "Separator": "Z",
    "Spaceseparator": "Zs",
    "Spacingmark": "Mc",
    "Surrogate": "Cs",
    "Symbol": "S",
    "Titlecaseletter": "Lt",
    "Unassigned": "Cn",
    "Uppercaseletter": "Lu",
}
_ASSIGNED = r"\p{L}\p{M}\p{N}\p{P}\p{S}\p{Z}\p{C}"  # C++'s C is Cc Cf Co Cs: every assigned code point
_NOT_OTHER = r"\p{L}\p{M}\p{N}\p{P}\p{S}\p{Z}"  # the complement of Go's C (which includes Cn)
# Go name -> (class items, negated): what C++ writes for the names it does not share with Go.
_SPECIAL_CLASSES = {
    "Ascii": ("[:ascii:]", False),
    "Lc": (r"\p{Lu}\p{Ll}\p{Lt}", False),
    "Assigned": (_ASSIGNED, False),
    "Cn": (_ASSIGNED, True),
    "C": (_NOT_OTHER, True),
}
_GROUP_NAME = re.compile(r"[A-Za-z0-9_]+")


def _canonical(name: str) -> str:
    """Go's `canonicalName`: first letter upper case, the rest lower case, no `_`, `-` or spaces."""
    kept = [c for c in name if c not in "_- "]
    if not kept:
        return ""
    head = kept[0].upper() if "a" <= kept[0] <= "z" else kept[0]
    return head + "".join(c.lower() if "A" <= c <= "Z" else c for c in kept[1:])


def _unicode_class(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """C++ RE2's spelling of the `\\p`/`\\P` class at pattern[i]; returns (text, next index)."""
    end = len(pattern)
    if i + 2 >= end:
        return pattern[i:], end  # C++ reports the missing name as Go does
    if pattern[i + 2] == "{":
        close = pattern.find("}", i + 3)
        if close < 0:
            return pattern[i:], end
        name, after = pattern[i + 3 : close], close + 1
    else:
        name, after = pattern[i + 2], i + 3
    positive = pattern[i + 1] == "p"
    if name.startswith("^"):
        positive, name = not positive, name[1:]
    canonical = _canonical(name)
    canonical = _CATEGORY_ALIASES.get(canonical, canonical)
    if canonical not in _SPECIAL_CLASSES:
        return ("\\p{" if positive else "\\P{") + canonical + "}", after
    items, negated = _SPECIAL_CLASSES[canonical]
    negated = negated == positive
    if canonical == "Ascii":
        text = "[:^ascii:]" if negated else items
        return (text if in_class else f"[{text}]"), after
    if not in_class:
        return f"[{'^' if negated else ''}{items}]", after
    if negated:
        raise RegexpUnsupported(pattern, f"`{pattern[i:after]}` inside a bracket class has no RE2 (C++) spelling")
    return items, after


def _for_cpp(pattern: str) -> str:
    """`pattern` as C++ RE2 should see it to behave as in Go; RegexpError where Go alone refuses it."""
    if "\\" not in pattern and "(" not in pattern:
        return pattern
    out: list[str] = []
    groups: list[bool] = []  # per open group: is it a capture?
    captures = 0
    i, end = 0, len(pattern)
    class_body = -1  # index where the open bracket class's items begin; -1 outside a class
    while i < end:
        c = pattern[i]
        if c == "\\" and i + 1 < end:
            escaped = pattern[i + 1]
            if escaped == "Q" and class_body < 0:
                close = pattern.find("\\E", i + 2)
                stop = end if close < 0 else close + 2
                out.append(pattern[i:stop])
                i = stop
            elif escaped == "C":
                raise RegexpError(pattern, "invalid escape sequence: `\\C`")
            elif escaped in "pP":
                text, i = _unicode_class(pattern, i, class_body >= 0)
                out.append(text)
            else:
                out.append(pattern[i : i + 2])
                i += 2
            continue
        if class_body >= 0:
            if pattern.startswith("[:", i) and (close := pattern.find(":]", i + 2)) >= 0:
                out.append(pattern[i : close + 2])
                i = close + 2
                continue
            if c == "]" and i > class_body:
                class_body = -1
        elif c == "[":
            class_body = i + 2 if pattern.startswith("[^", i) else i + 1
            out.append(pattern[i:class_body])
            i = class_body
            continue
        elif c == "(":
            named = pattern.startswith("(?P<", i) or (
                pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i)
            )
            if named:
                start = pattern.index("<", i) + 1
                close = pattern.find(">", start)
                if close >= 0 and not _GROUP_NAME.fullmatch(pattern[start:close]):
                    raise RegexpError(pattern, f"invalid named capture: `{pattern[i : close + 1]}`")
            capture = named or not pattern.startswith("(?", i)
            groups.append(capture)
            captures += capture
            if captures > MAX_CAPTURE_NESTING:
                raise RegexpError(pattern, f"expression nests too deeply: `{pattern}`")
        elif c == ")" and groups:
            captures -= groups.pop()
        out.append(c)
        i += 1
    return "".join(out)


def _reason(error: re2.error) -> str:
    text = error.args[0] if error.args else ""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    code, sep, argument = text.partition(": ")
    return f"{_GO_WORDING.get(code, code)}: `{argument}`" if sep else _GO_WORDING.get(code, code)


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern to stderr
    options.max_mem = MAX_MEMORY
    return options


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8, read as U+FFFD like Go
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text).encode("utf-8")


def _rune_width(data: bytes, pos: int) -> int:
    """Width of the UTF-8 character at `pos` (0 at the end), for Go's step past an empty match."""
    if pos >= len(data):
        return 0
    lead = data[pos]
    return 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


class Match:
    """One match: `group()` by index or name (None for a group that did not take part)."""

    __slots__ = ("_data", "_regexp", "_spans")

    def __init__(self, regexp: Regexp, data: bytes, spans: tuple[tuple[int, int], ...]) -> None:
        self._regexp, self._data, self._spans = regexp, data, spans

    def group(self, key: int | str = 0) -> str | None:
        index = key if isinstance(key, int) else self._regexp.groupindex.get(key, -1)
        if not 0 <= index < len(self._spans):
            raise IndexError(f"no such group: {key!r}")
        start, stop = self._spans[index]
        return None if start < 0 else self._data[start:stop].decode("utf-8")

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(index) for name, index in self._regexp.groupindex.items()}

    @property
    def span(self) -> tuple[int, int]:
        """Byte offsets of the whole match in the UTF-8 text."""
        return self._spans[0]


class Regexp:
    """A compiled pattern with Go's matching API: `matches` (MatchString), `search`, `find_all`, `replace_all`."""

    __slots__ = ("_re", "groupindex", "groups", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        try:
            self._re = re2.compile(_for_cpp(pattern), _options())
        except re2.error as exc:
            reason = _reason(exc)
            if reason.startswith("pattern too large"):
                raise RegexpUnsupported(
                    pattern, f"its RE2 program exceeds Phoenix's {MAX_MEMORY >> 20} MiB budget"
                ) from None
            raise RegexpError(pattern, reason) from None
        except UnicodeEncodeError:
            raise RegexpError(pattern, "invalid UTF-8") from None
        self.groups: int = self._re.groups
        self.groupindex: dict[str, int] = dict(self._re.groupindex)

    def _at(self, data: bytes, pos: int) -> Match | None:
        found = self._re.search(data, pos)
        if found is None:
            return None
        return Match(self, data, tuple(found.span(g) for g in range(self.groups + 1)))

    def matches(self, text: str) -> bool:
        """Go's `MatchString`: does the pattern match anywhere in `text`?"""
        return self._re.search(_utf8(text)) is not None

    def search(self, text: str) -> Match | None:
        """The leftmost match in `text` (Go's `FindStringSubmatch`), or None."""
        return self._at(_utf8(text), 0)

    def find_all(self, text: str) -> Iterator[Match]:
        """Go's `FindAllStringSubmatch`: successive matches; an empty match right after a match is skipped."""
        data = _utf8(text)
        pos, previous_end = 0, -1
        while pos <= len(data):
            match = self._at(data, pos)
            if match is None:
                return
            start, stop = match.span
            accept = True
            if stop == pos:
                accept = start != previous_end
                pos += _rune_width(data, pos) or 1
            else:
                pos = stop
            previous_end = stop
            if accept:
                yield match

    def replace_all(self, text: str, replacement: Callable[[Match], str]) -> str:
        """Go's `replaceAll`: each match replaced by `replacement(match)`, except an empty match right
        after a previous match."""
        data = _utf8(text)
        out: list[bytes] = []
        last_end = search_pos = 0
        while search_pos <= len(data):
            match = self._at(data, search_pos)
            if match is None:
                break
            start, stop = match.span
            out.append(data[last_end:start])
            if stop > last_end or start == 0:
                out.append(replacement(match).encode("utf-8", "surrogateescape"))
            last_end = stop
            width = _rune_width(data, search_pos)
            if search_pos + width > stop:
                search_pos += width
            elif search_pos + 1 > stop:
                search_pos += 1
            else:
                search_pos = stop
        out.append(data[last_end:])
        return b"".join(out).decode("utf-8", "surrogateescape")


@lru_cache(maxsize=128)  # at most MAX_MEMORY each: 1 GiB in the worst case, as google-re2's own cache
def compile(pattern: str) -> Regexp:
    """`pattern` compiled (cached); RegexpError if the collector refuses it, RegexpUnsupported if Phoenix
    cannot run it."""
    if not isinstance(pattern, str):
        raise TypeError("a pattern is a string")
    return Regexp(pattern)


def check(pattern: str) -> str:
    """`pattern` if the collector accepts it (even when Phoenix cannot evaluate it); RegexpError if not."""
    with contextlib.suppress(RegexpUnsupported):
        compile(pattern)
    return pattern


def group(pattern: str) -> str:
    """`pattern` as one non-capturing group, so it can be an alternative of a larger pattern: an
    unterminated `\\Q` quote is closed first so that the `)` stays syntax."""
    position = 0
    while (position := pattern.find("\\", position)) >= 0:
        if not pattern.startswith("\\Q", position):
            position += 2
            continue
        position = pattern.find("\\E", position + 2)
        if position < 0:
            return f"(?:{pattern}\\E)"
        position += 2
    return f"(?:{pattern})"


_TEMPLATE = re.compile(r"\$(\$|\{(\w+)\}|(\w+))")


def expand(template: str, match: Match) -> str:
    """Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; `$name` is as long as possible,
    a number with a leading zero is a name, unknown or unmatched groups expand to ""."""

    def value(name: str) -> str:
        key: int | str = int(name) if name.isdigit() and name.isascii() and (name == "0" or name[0] != "0") else name
        try:
            return match.group(key) or ""
        except IndexError:
            return ""

    def replace(found: re.Match[str]) -> str:
        return "$" if found.group(1) == "$" else value(found.group(2) or found.group(3))

    return _TEMPLATE.sub(replace, template)
