"""Patterns behave in Phoenix as in the collector's Go regexp, with RE2 doing the matching.

The expected verdicts and byte spans below were recorded from Go 1.26's `regexp.Compile` and
`FindStringSubmatchIndex` (the Go the bundled collector is built with); the cases are the
differences between C++ RE2 and Go that `app.engine.regexp` handles, plus the syntax both share.
"""

from __future__ import annotations

import time

import pytest

from app.engine import regexp

REFUSED = "refused"
NESTED_1000 = "(" * 1000 + "a" + ")" * 1000
NESTED_999 = "(" * 999 + "a" + ")" * 999

GO_VERDICTS: list[tuple[str, str, object]] = [
    # Go refuses; C++ RE2 accepts the starred ones, Phoenix refuses them all
    ("a**", "a", REFUSED),
    ("a*+", "a", REFUSED),
    ("a{2}{3}", "aaaaaa", REFUSED),
    ("a{1001}", "a", REFUSED),
    ("(a{500}){500}", "a", REFUSED),
    ("(a{10}){101}", "a", REFUSED),
    (r"\C", "a", REFUSED),  # *
    (r"a\Z", "a", REFUSED),
    (r"(a)\1", "aa", REFUSED),
    ("(?=a)", "a", REFUSED),
    ("(?P<é>x)", "x", REFUSED),  # *
    (r"\p{Old_Italic}", "a", REFUSED),  # * Go's loose name lookup misses multi-word scripts
    (r"\p{SignWriting}", "a", REFUSED),  # *
    (NESTED_1000, "a", REFUSED),  # * "expression nests too deeply"
    (r"\e", "e", REFUSED),
    ("[[:foo:]]", "a", REFUSED),
    ("x{2,1}", "xx", REFUSED),
    # Go accepts; the spans are Go's (bytes)
    ("(?i)NGINX", "nginx", (0, 5)),
    ("(?i)k", "\u212a", (0, 3)),  # Kelvin sign: Unicode simple folding
    ("(?i)straße", "STRASSE", None),  # no multi-character folding
    ("[[:alpha:]]+", "ab1", (0, 2)),
    ("[[:^alpha:]]", "a1", (1, 2)),
    (r"\p{L}+", "café1", (0, 5)),
    (r"\pL", "é", (0, 2)),
    (r"\p{Greek}+", "x\u03b1\u03b2", (1, 5)),
    (r"\p{greek}", "\u03b1", (0, 2)),  # Go 1.25+: loose names; C++ refuses these as written
    (r"\pl", "a", (0, 1)),
    (r"\p{Letter}", "1a", (1, 2)),
    (r"\p{Uppercase_Letter}", "aB", (1, 2)),
    (r"\p{ASCII}+", "é-a", (2, 4)),
    (r"(?i)\p{ASCII}", "\u212a", (0, 3)),
    (r"\p{LC}", "1a", (1, 2)),
    (r"\P{LC}", "a1", (1, 2)),
    (r"\p{Cn}", "a\u0378", (1, 3)),
    (r"\p{C}", "a\u0378", (1, 3)),  # Go's C includes unassigned code points, C++'s does not
    (r"\P{C}", "\u0378a", (2, 3)),
    (r"\p{Assigned}", "\u0378a", (2, 3)),
    (r"[\p{Assigned}]", "\u0378a", (2, 3)),
    ("(?U)a+", "aaa", (0, 1)),
    ("(?s).", "\n", (0, 1)),
    (".", "\n", None),
    ("(?m)^b$", "a\nb", (2, 3)),
    ("a$", "a\n", None),
    (r"a\z", "a", (0, 1)),
    (r"\d", "٣", None),
    (r"\w", "é", None),
    (r"\s", "\v", None),
    (r"\bx\b", "éxé", (2, 3)),
    ("(?<name>x)", "x", (0, 1)),
    (r"\Qa.b\E", "axb", None),
    (r"\101", "A", (0, 1)),
    ("x{,2}", "x{,2}", (0, 5)),
    (NESTED_999, "a", (0, 1)),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), GO_VERDICTS, ids=lambda v: str(v)[:24])
def test_verdicts_and_matches_are_go_s(pattern: str, text: str, expected: object) -> None:
    if expected == REFUSED:
        with pytest.raises(regexp.RegexpError, match="is not a valid RE2") as raised:
            regexp.check(pattern)
        assert not isinstance(raised.value, regexp.RegexpUnsupported)
        return
    match = regexp.compile(pattern).search(text)
    assert (None if match is None else match.span) == expected


def test_errors_read_like_the_collector_s() -> None:
    for pattern, words in [
        ("a**", "invalid nested repetition operator: `**`"),
        ("a{1001}", "invalid repeat count: `{1001}`"),
        ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(a", "missing closing ): `(a`"),
        (r"\C", "invalid escape sequence: `\\C`"),
    ]:
        with pytest.raises(regexp.RegexpError) as raised:
            regexp.compile(pattern)
        assert str(raised.value) == f"{pattern!r} is not a valid RE2 (Go regexp) pattern: {words}"


@pytest.mark.parametrize("pattern", [r"\pL{1000}", r"[\P{LC}]", r"[a\p{Cn}]", r"[\p{C}]"])
def test_what_the_collector_loads_and_phoenix_cannot_run_is_named_as_such(pattern: str) -> None:
    assert regexp.check(pattern) == pattern  # the collector accepts it
    with pytest.raises(regexp.RegexpUnsupported, match="valid for the collector but Phoenix cannot evaluate it"):
        regexp.compile(pattern)


@pytest.mark.parametrize(
    ("pattern", "text", "replacement", "go"),
    [  # Go's ReplaceAllString results
        ("a*", "baaac", "-", "-b-c-"),
        ("x*", "aéxb", "-", "-a-é-b-"),
        ("a|", "bab", "-", "-b-b-"),
        ("", "héllo", ".", ".h.é.l.l.o."),
        (r"\b", "ab cd", "|", "|ab| |cd|"),
        ("(a)|b", "ab", "[$1]", "[a][]"),
        (
            r"(?P<first>\w+) (?P<last>\w+)",
            "john smith",
            "${last} $first $$ $1x ${1}x $01 $0 $9 ${nope} $",
            "smith john $  johnx  john smith   $",
        ),
    ],
)
def test_replace_all_and_expand_are_go_s(pattern: str, text: str, replacement: str, go: str) -> None:
    compiled = regexp.compile(pattern)
    assert compiled.replace_all(text, lambda m: regexp.expand(replacement, m)) == go


def test_find_all_skips_an_empty_match_after_a_match_and_keeps_context() -> None:
    assert [m.group() for m in regexp.compile("a*").find_all("baaac")] == ["", "aaa", ""]
    assert [m.span for m in regexp.compile("^a").find_all("aaa")] == [(0, 1)]  # ^ is the text's start only
    assert [m.span for m in regexp.compile(r"\ba").find_all("a a aa")] == [(0, 1), (2, 3), (4, 5)]


def test_undecodable_bytes_match_as_the_replacement_character() -> None:
    name = b"nginx\xff".decode("utf-8", "surrogateescape")  # what the OS gave, as Python holds it
    assert regexp.compile("^nginx.$").matches(name)
    assert regexp.compile("\ufffd").matches(name)
    assert regexp.compile("x").replace_all(name, lambda m: "X") == "nginX\ufffd"


def test_groups_by_index_and_name() -> None:
    match = regexp.compile(r"(?P<proc>[a-z]+)(\d+)?(x)?").search("postgres15")
    assert match is not None
    assert (match.group(), match.group("proc")) == ("postgres15", "postgres")
    assert (match.group(2), match.group(3)) == ("15", None)
    assert match.groupdict() == {"proc": "postgres"}
    with pytest.raises(IndexError):
        match.group("nope")


def test_group_keeps_a_pattern_one_alternative() -> None:
    assert regexp.group("a|b") == "(?:a|b)"
    assert regexp.group(r"\Qa)") == r"(?:\Qa)\E)"  # an open quote is closed before the )
    assert regexp.compile(regexp.group(r"\Qa)") + "|z").matches("a)")


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+b", r"^(\w+\s?)*$", "(x+x+)+y", "(.*a){20}"])
def test_backtracking_patterns_run_in_linear_time(pattern: str) -> None:
    text = "a" * 50_000 + "!"
    start = time.perf_counter()
    compiled = regexp.compile(pattern)
    compiled.matches(text)
    compiled.replace_all(text, lambda m: "")
    assert time.perf_counter() - start < 1.0
