"""Label and field selectors as the API server parses them for `labelSelector=` / `fieldSelector=`.

Part of a fake Kubernetes API server for tests (no cluster can run here, so the fake follows the real
REST semantics). Label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`
(key exists), `!a` (key absent), requirements joined by commas and all of them must hold. Field
selectors: `metadata.name` and `metadata.namespace` with `=`, `==` or `!=`, which is what every kind
supports on a real server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver.resources import bad_request

Requirement = Callable[[Mapping[str, str]], bool]

_KEY = r"[A-Za-z0-9][-A-Za-z0-9_./]*"
_VALUE = r"[-A-Za-z0-9_.]*"
_SET = re.compile(rf"^({_KEY})\s+(in|notin)\s+\(([^)]*)\)$")
_EQUALITY = re.compile(rf"^({_KEY})\s*(==|=|!=)\s*({_VALUE})$")
_EXISTS = re.compile(rf"^(!?)\s*({_KEY})$")


def _split(text: str) -> list[str]:
    """Requirements are comma-separated; commas inside `( )` belong to a set."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    return parts


def _requirement(text: str) -> Requirement:
    if match := _SET.match(text):
        key, operator, values = match.group(1), match.group(2), {v.strip() for v in match.group(3).split(",")}
        if operator == "in":
            return lambda labels: key in labels and labels[key] in values
        return lambda labels: key not in labels or labels[key] not in values
    if match := _EQUALITY.match(text):
        key, operator, value = match.groups()
        if operator == "!=":
            return lambda labels: labels.get(key) != value
        return lambda labels: key in labels and labels[key] == value
    if match := _EXISTS.match(text):
        negated, key = match.groups()
        return (lambda labels: key not in labels) if negated else (lambda labels: key in labels)
    raise bad_request(f"unable to parse requirement: {text!r}")


def label_selector(text: str | None) -> Requirement:
    """A predicate over an object's labels; an empty selector matches everything."""
    requirements = [_requirement(part) for part in _split(text or "")]
    return lambda labels: all(req(labels) for req in requirements)


def field_selector(text: str | None) -> Callable[[dict[str, Any]], bool]:
    """A predicate over a whole object, for `metadata.name` and `metadata.namespace`."""
    checks = []
    for part in _split(text or ""):
        match = re.match(r"^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$", part)
        if not match:
            raise bad_request(f'field label not supported: "{part}"')
        field, operator, value = match.groups()
        checks.append((field.split(".")[1], operator == "!=", value))
    return lambda obj: all((obj.get("metadata", {}).get(key, "") == value) != negated for key, negated, value in checks)
