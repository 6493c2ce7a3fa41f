"""The patch formats the fake API server accepts: JSON merge patch, strategic merge patch, JSON patch.

Part of a fake Kubernetes API server for tests (no cluster can run here, so the fake follows the real
REST semantics). Merge patch is RFC 7386 exactly. Strategic merge patch is the subset the built-in
kinds Phoenix uses need: lists of objects merge by their merge key (`name` for containers, env,
volumes, ports of a container by `containerPort`, conditions by `type`, owner references by `uid`),
`finalizers` merge as a set, `$patch: delete` removes a list element, `$patch: replace` replaces a
map; other lists are replaced. JSON patch (RFC 6902) supports add, remove, replace and test.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver.resources import ApiStatusError

MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "conditions": "type",
    "ownerReferences": "uid",
    "tolerations": "key",
    "imagePullSecrets": "name",
}
SET_LISTS = {"finalizers"}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: maps merge recursively, `null` deletes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _merge_list(key: str, current: Any, patch: list[Any]) -> list[Any]:
    current = current if isinstance(current, list) else []
    if key in SET_LISTS:
        return current + [item for item in patch if item not in current]
    merge_key = MERGE_KEYS.get(key)
    if key == "ports" and patch and isinstance(patch[0], dict):
        merge_key = "containerPort" if "containerPort" in patch[0] else "port"
    if not merge_key or not all(isinstance(item, dict) for item in patch):
        return copy.deepcopy(patch)
    result = copy.deepcopy(current)
    for item in patch:
        index = next((i for i, old in enumerate(result) if old.get(merge_key) == item.get(merge_key)), None)
        if item.get("$patch") == "delete":
            if index is not None:
                result.pop(index)
        elif index is None:
            result.append(copy.deepcopy(item))
        else:
            result[index] = strategic_merge_patch(result[index], item)
    return result


def strategic_merge_patch(target: Any, patch: Any) -> Any:
    """Strategic merge patch for the built-in kinds (see the module docstring for the supported subset)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key.startswith("$deleteFromPrimitiveList/"):
            field = key.split("/", 1)[1]
            result[field] = [v for v in result.get(field, []) if v not in value]
        elif value is None:
            result.pop(key, None)
        elif isinstance(value, list):
            result[key] = _merge_list(key, result.get(key), value)
        else:
            result[key] = strategic_merge_patch(result.get(key), value)
    return result


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise ApiStatusError(422, "Invalid", f"invalid JSON pointer {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def _parent(doc: Any, parts: list[str]) -> Any:
    node = doc
    for part in parts[:-1]:
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError):
            raise ApiStatusError(422, "Invalid", f"path /{'/'.join(parts)} does not exist") from None
    return node


def json_patch(target: Any, operations: Any) -> Any:
    """RFC 6902 `add`, `remove`, `replace` and `test`; a failed `test` or missing path is a 422."""
    if not isinstance(operations, list):
        raise ApiStatusError(400, "BadRequest", "a JSON patch must be a list of operations")
    doc = copy.deepcopy(target)
    for op in operations:
        parts = _pointer(op.get("path", ""))
        parent, last = _parent(doc, parts), parts[-1]
        kind = op.get("op")
        if kind == "test":
            actual = parent[int(last)] if isinstance(parent, list) else parent.get(last)
            if actual != op.get("value"):
                raise ApiStatusError(422, "Invalid", f"test operation failed at {op['path']}")
        elif kind == "remove":
            try:
                del parent[int(last) if isinstance(parent, list) else last]
            except (KeyError, IndexError, ValueError):
                raise ApiStatusError(422, "Invalid", f"cannot remove missing {op['path']}") from None
        elif kind in ("add", "replace"):
            value = copy.deepcopy(op.get("value"))
            if isinstance(parent, list):
                index = len(parent) if last == "-" else int(last)
                if kind == "add":
                    parent.insert(index, value)
                else:
                    parent[index] = value
            else:
                if kind == "replace" and last not in parent:
                    raise ApiStatusError(422, "Invalid", f"cannot replace missing {op['path']}")
                parent[last] = value
        else:
            raise ApiStatusError(422, "Invalid", f"unsupported JSON patch operation {kind!r}")
    return doc
