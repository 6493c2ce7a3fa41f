"""Manifests as YAML text: multi-document, keys in the order they were built, configs as literal blocks.

Kubernetes objects are built as plain dicts in the order people read them (`apiVersion`, `kind`,
`metadata`, `spec`); sorting keys would bury `kind` under `data`. Multi-line strings (the collector
config) are written as `|` blocks so a reviewer of a GitOps commit reads the config itself, not an
escaped one-liner. The output is plain YAML that `yaml.safe_load_all` reads back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml


class _ManifestDumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ManifestDumper.add_representer(str, _represent_str)


def dump_object(obj: Any) -> str:
    """One object as a YAML document (no `---`)."""
    return yaml.dump(
        obj, Dumper=_ManifestDumper, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1_000_000
    )


def dump_objects(objects: Iterable[Any]) -> str:
    """Objects as one multi-document YAML stream, each document starting with `---`."""
    return "".join("---\n" + dump_object(obj) for obj in objects)
