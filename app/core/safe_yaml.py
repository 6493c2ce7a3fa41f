"""The one YAML loader for text a client or a file supplies: limits enforced while parsing.

A few hundred bytes of anchors and aliases can expand to gigabytes ("billion laughs"), and a few
hundred levels of nesting overflow PyYAML's recursive composer. Checking the composed tree
afterwards is too late for both, so `_LimitedLoader` counts as it composes: each node entered
(depth and node count), each alias (alias count, and the expanded size it adds in nodes and in
scalar characters, known because every anchored node's expanded size is recorded when it closes).
The first limit crossed stops the parse with `SafeYamlError`, whose `reason` is a short code and
`line` the 1-based line. Tags are the safe loader's: no Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml
from yaml.events import AliasEvent


class Reason(StrEnum):
    """Why a text was refused: a syntax error, or the limit it crossed."""

    SYNTAX = "syntax"  # not YAML (or an unsafe tag, or several documents)
    SIZE = "size"  # more bytes than `max_bytes`
    NUL = "nul"  # a NUL character: no YAML reader accepts one
    DEPTH = "depth"
    NODES = "nodes"
    ALIASES = "aliases"
    EXPANSION = "expansion"  # the aliases would expand beyond `max_expanded_nodes` / `_chars`
    RECURSIVE_ALIAS = "recursive_alias"
    DUPLICATE_KEY = "duplicate_key"


@dataclass(frozen=True)
class YamlLimits:
    max_bytes: int = 1_048_576
    max_depth: int = 64
    max_nodes: int = 100_000
    max_aliases: int = 100
    max_expanded_nodes: int = 100_000
    max_expanded_chars: int = 4_194_304  # scalar characters with every alias expanded


DEFAULT_LIMITS = YamlLimits()


class SafeYamlError(ValueError):
    """The text was refused; `reason` says why (a `Reason`), `line` is 1-based when known."""

    def __init__(self, message: str, reason: Reason, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.line = line


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses, while composing, what crosses `limits`."""

    def __init__(self, text: str, limits: YamlLimits, duplicate_keys: bool) -> None:
        super().__init__(text)
        self.limits = limits
        self.refuse_duplicates = not duplicate_keys
        self.depth = 0
        self.nodes = 0
        self.aliases = 0
        self.expanded_nodes = 0
        self.expanded_chars = 0
        self.sizes: dict[int, tuple[int, int]] = {}  # id(node) -> expanded (nodes, chars), once closed
        self.open: list[list[int]] = []  # per open collection: its children's expanded (nodes, chars)

    def _refuse(self, message: str, reason: Reason, mark: yaml.Mark | None) -> SafeYamlError:
        return SafeYamlError(message, reason, _line(mark))

    def _count(self, nodes: int, chars: int, size: tuple[int, int], mark: yaml.Mark | None) -> None:
        """Add `nodes`/`chars` to the document's expanded size and `size` to the open parent's."""
        self.expanded_nodes += nodes
        self.expanded_chars += chars
        if self.open:
            self.open[-1][0] += size[0]
            self.open[-1][1] += size[1]
        limits = self.limits
        if self.expanded_nodes > limits.max_expanded_nodes or self.expanded_chars > limits.max_expanded_chars:
            raise self._refuse(
                f"document expands to more than {limits.max_expanded_nodes} nodes or "
                f"{limits.max_expanded_chars} characters (anchors/aliases blow-up)",
                Reason.EXPANSION,
                mark,
            )

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        limits = self.limits
        if self.check_event(AliasEvent):
            event = self.peek_event()
            self.aliases += 1
            if self.aliases > limits.max_aliases:
                raise self._refuse(
                    f"more than {limits.max_aliases} aliases; refusing to expand", Reason.ALIASES, event.start_mark
                )
            target = self.anchors.get(event.anchor)
            if target is not None:  # an undefined alias is the composer's own syntax error
                size = self.sizes.get(id(target))
                if size is None:
                    raise self._refuse("recursive alias", Reason.RECURSIVE_ALIAS, event.start_mark)
                self._count(*size, size, event.start_mark)
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark
        self.depth += 1
        if self.depth > limits.max_depth + 1:  # the root is level 0
            raise self._refuse(f"document is nested deeper than {limits.max_depth} levels", Reason.DEPTH, mark)
        self.nodes += 1
        if self.nodes > limits.max_nodes:
            raise self._refuse(f"document has more than {limits.max_nodes} nodes", Reason.NODES, mark)
        self.open.append([0, 0])
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
            children = self.open.pop()
        chars = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        size = (1 + children[0], chars + children[1])
        self.sizes[id(node)] = size
        self._count(1, chars, size, mark)  # the document counted the children as they closed
        return node

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        if self.refuse_duplicates:
            seen: dict[str, int | None] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                if key_node.value in seen:
                    raise self._refuse(
                        f"duplicate key {key_node.value[:100]!r} (first defined on line {seen[key_node.value]})",
                        Reason.DUPLICATE_KEY,
                        key_node.start_mark,
                    )
                seen[key_node.value] = _line(key_node.start_mark)
        return node


def _precheck(text: str, limits: YamlLimits) -> None:
    if not isinstance(text, str):
        raise SafeYamlError("YAML must be text", Reason.SYNTAX)
    if len(text) > limits.max_bytes or len(text.encode("utf-8", errors="replace")) > limits.max_bytes:
        raise SafeYamlError(f"document is larger than {limits.max_bytes // 1024} KiB", Reason.SIZE)
    if "\x00" in text:
        raise SafeYamlError(
            "document contains a NUL character", Reason.NUL, text.count("\n", 0, text.index("\x00")) + 1
        )


def _syntax_error(exc: yaml.YAMLError, prefix: str = "YAML syntax error") -> SafeYamlError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            problem += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        return SafeYamlError(f"{prefix}: {problem}", Reason.SYNTAX, _line(mark))
    return SafeYamlError(f"{prefix}: {exc}", Reason.SYNTAX)


def compose(text: str, limits: YamlLimits = DEFAULT_LIMITS, *, duplicate_keys: bool = False) -> yaml.Node | None:
    """The node tree of one YAML document (None when empty), composed within `limits`.

    `duplicate_keys=True` lets a caller that reports duplicates itself (with a path) see them.
    """
    _precheck(text, limits)
    loader = _LimitedLoader(text, limits, duplicate_keys)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    except RecursionError:  # cannot happen within max_depth; kept so no input ever becomes a 500
        raise SafeYamlError("document is nested too deeply", Reason.DEPTH) from None
    finally:
        loader.dispose()


def construct(node: yaml.Node) -> Any:
    """Python data of a node tree `compose` returned (safe tags only)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, "YAML error") from None
    finally:
        loader.dispose()


def load(text: str, limits: YamlLimits = DEFAULT_LIMITS, *, duplicate_keys: bool = False) -> Any:
    """`yaml.safe_load` within `limits`: the data of one document (None when empty); SafeYamlError."""
    node = compose(text, limits, duplicate_keys=duplicate_keys)
    return None if node is None else construct(node)


def check_depth(value: Any, max_depth: int = DEFAULT_LIMITS.max_depth) -> Any:
    """`value` unchanged; ValueError when JSON-like data nests deeper than `max_depth`.

    For data that arrives as JSON and is later dumped to YAML (a builder graph): YAML's recursive
    dumper, and this loader reading it back, stop where the loader's depth limit does. Iterative,
    so checking is safe at any depth.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list | tuple) else ()
        for child in children:
            if isinstance(child, dict | list | tuple):
                if depth + 1 > max_depth:
                    raise ValueError(f"nested deeper than {max_depth} levels")
                stack.append((child, depth + 1))
    return value
