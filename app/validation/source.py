"""Load collector YAML safely and remember where every value is, for 1-based line numbers.

The text is composed by the one safe loader (`app.core.safe_yaml`), which enforces document size,
nesting depth, node and alias counts and the size the document would reach with every alias
expanded (the "billion laughs" blow-up) while it parses. The composed tree, bounded by then, is
walked once for the line of every path and for duplicate keys, which the collector refuses and
PyYAML would silently collapse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from app.core import safe_yaml
from app.core.safe_yaml import Reason, SafeYamlError
from app.validation.codes import Code
from app.validation.issues import PathParts

LIMITS = safe_yaml.DEFAULT_LIMITS
MAX_DOCUMENT_BYTES = LIMITS.max_bytes
MAX_DEPTH = LIMITS.max_depth
MAX_ALIASES = LIMITS.max_aliases
MAX_EXPANDED_NODES = LIMITS.max_expanded_nodes

# Beyond what Phoenix reads safely (the collector might load it); the other reasons are YAML the
# collector cannot read either (`parse.yaml`).
_LIMIT_REASONS = {Reason.SIZE, Reason.DEPTH, Reason.NODES, Reason.ALIASES}


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
    """Lines of every path, and duplicate keys with their path (the tree is already bounded)."""

    def __init__(self) -> None:
        self.lines: dict[PathParts, int] = {}
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: PathParts) -> None:
        if id(node) in self.seen:  # an alias: its lines are those of its anchor
            return
        self.seen.add(id(node))
        self.lines.setdefault(path, _line(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if key == "<<":
                    self.walk(value_node, path)
                    continue
                if key in keys:
                    message = f"duplicate key {key!r} (first defined on line {keys[key]})"
                    raise SourceError(message, _line(key_node), (*path, key), Code.PARSE_DUPLICATE_KEY)
                keys[key] = _line(key_node)
                self.lines.setdefault((*path, key), _line(key_node))  # a key's line, not its value's
                self.walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))


def _source_error(exc: SafeYamlError) -> SourceError:
    code = Code.PARSE_LIMIT if exc.reason in _LIMIT_REASONS else Code.PARSE_YAML
    message = exc.message
    if exc.reason == Reason.SIZE:
        message = f"config is larger than {MAX_DOCUMENT_BYTES // 1024} KiB"
    elif exc.reason == Reason.NUL:
        message = "config contains a NUL character"
    return SourceError(message, exc.line, (), code)


def load(text: str) -> YamlSource:
    """Parse `text` into data and a path-to-line index; raises SourceError."""
    if not isinstance(text, str):
        raise SourceError("config must be text")
    try:
        root = safe_yaml.compose(text, LIMITS, duplicate_keys=True)  # reported below, with their path
        if root is None:
            raise SourceError("config is empty", 1)
        walker = _Walker()
        walker.walk(root, ())
        data = safe_yaml.construct(root)
    except SafeYamlError as exc:
        raise _source_error(exc) from None
    return YamlSource(data=data, lines=walker.lines)
