"""Files the user hands to a command (scenarios, values, configs), read through the one safe YAML
loader; every mistake in one is reported as FILE:LINE: message, never as a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import typer
import yaml

from app.client import PhoenixApiError
from app.core import safe_yaml

_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


@dataclass(frozen=True)
class YamlFile:
    path: Path
    text: str
    data: Any
    root: yaml.Node | None

    def line_of(self, location: str) -> int | None:
        """The line of a field named as the API names it (`body.candidate.parameters.x`, `a[0]`)."""
        parts: list[str | int] = [int(i) if i else name for i, name in _PART.findall(location)]
        if parts[:1] == ["body"]:
            parts = parts[1:]
        node, line = self.root, None
        for part in parts:
            child = _child(node, part)
            if child is None:
                break
            node, line = child, child.start_mark.line + 1
        if line is None and self.root is not None:
            line = self.root.start_mark.line + 1
        return line

    def where(self, location: str) -> str:
        line = self.line_of(location)
        return f"{self.path}:{line}" if line else str(self.path)


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"{path}: {exc}", err=True)
        raise typer.Exit(1) from None


def read_yaml(path: Path, *, mapping: bool = True) -> YamlFile:
    """The file parsed; a syntax error (or a non-mapping where a mapping is wanted) ends with FILE:LINE."""
    text = read_text(path)
    try:
        root = safe_yaml.compose(text)
        data = safe_yaml.construct(root) if root is not None else None
    except safe_yaml.SafeYamlError as exc:
        where = f":{exc.line}" if exc.line else ""
        typer.echo(f"{path}{where}: {exc.message}", err=True)
        raise typer.Exit(1) from None
    if mapping and not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else 1
        typer.echo(f"{path}:{line}: expected a mapping of fields, got {type(data).__name__}", err=True)
        raise typer.Exit(1)
    return YamlFile(path, text, data, root)


def report_invalid(file: YamlFile, exc: PhoenixApiError) -> NoReturn:
    """A 422 on what the file held: one FILE:LINE: message per offending field; else re-raise."""
    details = exc.details if isinstance(exc.details, list) else []
    located = [d for d in details if isinstance(d, dict) and "path" in d and "message" in d]
    if exc.status_code != 422 or not located:
        raise exc
    for d in located:
        field = str(d["path"]).removeprefix("body.").removeprefix("body")
        typer.echo(f"{file.where(str(d['path']))}: {field or 'file'}: {d['message']}", err=True)
    raise typer.Exit(1)
