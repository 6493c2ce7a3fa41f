"""Load collector YAML safely and remember where every value is, for 1-based line numbers.

`yaml.compose` gives nodes with marks before anything is built. Before building, the node tree
is checked against hostile input: document size, nesting depth, alias count and the size the
document would reach with every alias expanded (the "billion laughs" blow-up), and duplicate
keys, which the collector refuses and PyYAML would silently collapse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from app.validation.codes import Code
from app.validation.issues import PathParts

MAX_DOCUMENT_BYTES = 1_048_576
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_EXPANDED_NODES = 100_000


class SourceError(ValueError):
    """The text cannot be used as a config; `line` is 1-based when known. `code` says why:
    `parse.yaml` (the collector cannot read it either), `parse.duplicate_key`, or `parse.limit`
    (beyond what Phoenix reads safely; the collector might load it)."""

    def __init__(self, message: str, line: int | None = None, path: PathParts = (), code: Code = Code.PARSE_YAML):
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path
        self.code = code


@dataclass
class YamlSource:
    data: Any
    lines: dict[PathParts, int] = field(default_factory=dict)

    def line_of(self, path: PathParts) -> int | None:
        """Line of the value at `path`, or of its nearest known ancestor."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Walker:
    def __init__(self) -> None:
        self.lines: dict[PathParts, int] = {}
        self.aliases = 0
        self.seen: set[int] = set()
        self.sizes: dict[int, int] = {}

    def walk(self, node: yaml.Node, path: PathParts, depth: int) -> int:
        """Record lines under `node`; return its expanded size in nodes."""
        if depth > MAX_DEPTH:
            raise SourceError(f"document is nested deeper than {MAX_DEPTH} levels", _line(node), path, Code.PARSE_LIMIT)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise SourceError(
                    f"more than {MAX_ALIASES} aliases; refusing to expand", _line(node), path, Code.PARSE_LIMIT
                )
            if id(node) not in self.sizes:
                raise SourceError("recursive alias", _line(node), path)
            return self.sizes[id(node)]
        self.seen.add(id(node))
        self.lines.setdefault(path, _line(node))
        size = 1
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if key == "<<":
                    size += self.walk(value_node, path, depth + 1)
                    continue
                if key in keys:
                    message = f"duplicate key {key!r} (first defined on line {keys[key]})"
                    raise SourceError(message, _line(key_node), (*path, key), Code.PARSE_DUPLICATE_KEY)
                keys[key] = _line(key_node)
                self.lines.setdefault((*path, key), _line(key_node))  # a key's line, not its value's
                size += self.walk(value_node, (*path, key), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                size += self.walk(item, (*path, index), depth + 1)
        self.sizes[id(node)] = size
        if size > MAX_EXPANDED_NODES:
            raise SourceError(
                f"document expands to more than {MAX_EXPANDED_NODES} nodes (anchors/aliases blow-up)",
                _line(node),
                path,
            )
        return size


def load(text: str) -> YamlSource:
    """Parse `text` into data and a path-to-line index; raises SourceError."""
    if not isinstance(text, str):
        raise SourceError("config must be text")
    if len(text.encode("utf-8", errors="replace")) > MAX_DOCUMENT_BYTES:
        raise SourceError(f"config is larger than {MAX_DOCUMENT_BYTES // 1024} KiB", code=Code.PARSE_LIMIT)
    if "\x00" in text:
        raise SourceError("config contains a NUL character")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            problem += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        raise SourceError(f"YAML syntax error: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML syntax error: {exc}") from None
    if root is None:
        raise SourceError("config is empty", 1)
    walker = _Walker()
    walker.walk(root, (), 0)
    try:
        loader = yaml.SafeLoader("")
        data = loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise SourceError(f"YAML error: {problem}", mark.line + 1 if mark else None) from None
    return YamlSource(data=data, lines=walker.lines)
