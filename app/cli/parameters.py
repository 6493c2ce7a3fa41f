"""Template parameters from the command line: `--set key=value` pairs and `--values FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.cli.command import fail
from app.cli.files import read_yaml
from app.core import safe_yaml


def parse_set(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs; values are read as YAML so numbers, booleans and lists keep their type."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            fail(f"--set expects key=value, got {pair!r}", 2)
        try:
            values[key] = safe_yaml.load(raw) if raw else ""
        except safe_yaml.SafeYamlError:
            values[key] = raw
    return values


def template_parameters(pairs: list[str], values_file: Path | None) -> dict[str, Any]:
    """A values file first, then each `--set` on top of it."""
    parameters: dict[str, Any] = dict(read_yaml(values_file).data) if values_file else {}
    parameters.update(parse_set(pairs))
    return parameters
