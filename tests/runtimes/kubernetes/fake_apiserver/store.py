"""The object store of the fake API server: create, read, replace, patch and delete with the real semantics.

Part of a fake Kubernetes API server for tests. No cluster can run on these machines, so the
kubernetes_asyncio code is tested against a fake that follows the real REST semantics:

- create: 201; the name is taken → 409 `AlreadyExists` (also while the old object is terminating);
  a `resourceVersion` in the body is refused; the server sets `uid`, `creationTimestamp`,
  `resourceVersion` and, for kinds that have one, `generation: 1`; `status` is dropped for kinds
  with a status subresource; a Service gets a cluster IP;
- replace (PUT): a stale `metadata.resourceVersion` → 409 `Conflict`; custom resources must name
  one (422 otherwise); the main resource ignores `status` and `/status` ignores everything else;
  `generation` bumps when the spec changes (for custom resources: anything but metadata and
  status); an update that changes nothing keeps the version and sends no event;
- patch: merge, strategic merge (built-in kinds only, 415 for custom resources) and JSON patch; a
  `resourceVersion` in the patch is a precondition;
- delete: an object with finalizers gets `deletionTimestamp` and stays until an update removes the
  last finalizer; no new finalizers may be added meanwhile;
- garbage collection: once an owner is really gone, objects whose every owner is gone are deleted
  in the background, shortly after (as the real garbage collector does, asynchronously);
- every write bumps one global `resourceVersion` and is recorded for watches (`watches.History`).
"""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver import patches
from tests.runtimes.kubernetes.fake_apiserver.resources import (
    ApiStatusError,
    ResourceType,
    already_exists,
    bad_request,
    conflict,
    invalid,
    not_found,
    resolve,
)
from tests.runtimes.kubernetes.fake_apiserver.selectors import field_selector, label_selector
from tests.runtimes.kubernetes.fake_apiserver.watches import Event, History, Watcher

Key = tuple[str, str, str]
Validator = Callable[[ResourceType, dict[str, Any]], list[tuple[str, str]]]
"""Returns (field, message) for each reason the object is invalid."""

SERVER_FIELDS = ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _key(rt: ResourceType, namespace: str | None, name: str) -> Key:
    return (rt.qualified, (namespace or "") if rt.namespaced else "", name)


def _spec(rt: ResourceType, obj: dict[str, Any]) -> Any:
    """What a `generation` bump follows: spec (built-in kinds), everything but metadata/status (custom)."""
    if rt.custom:
        return {k: v for k, v in obj.items() if k not in ("metadata", "status")}
    return obj.get("spec")


def _without_version(obj: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out.get("metadata", {}).pop("resourceVersion", None)
    return out


class Store:
    def __init__(self, *, validator: Validator | None = None, gc_delay: float = 0.02):
        self._objects: dict[Key, dict[str, Any]] = {}
        self._types: dict[Key, ResourceType] = {}
        self.revision = 1
        self.history = History()
        self.validator = validator
        self.gc_delay = gc_delay
        self.listeners: list[Callable[[Event], None]] = []
        """Called after every committed event (the fake controllers subscribe here)."""
        self._next_ip = 10

    # ---- reads ----------------------------------------------------------------------------------

    def find(self, rt: ResourceType, namespace: str | None, name: str) -> dict[str, Any] | None:
        obj = self._objects.get(_key(resolve(rt), namespace, name))
        return copy.deepcopy(obj) if obj is not None else None

    def get(self, rt: ResourceType, namespace: str | None, name: str) -> dict[str, Any]:
        obj = self.find(rt, namespace, name)
        if obj is None:
            raise not_found(rt, name)
        return obj

    def items(
        self, rt: ResourceType, namespace: str | None = None, labels: str | None = None, fields: str | None = None
    ) -> list[dict[str, Any]]:
        """Matching objects in (namespace, name) order, complete with kind and apiVersion."""
        rt = resolve(rt)
        by_labels, by_fields = label_selector(labels), field_selector(fields)
        found = []
        for key in sorted(self._objects):
            obj = self._objects[key]
            if key[0] != rt.qualified or (namespace is not None and key[1] != namespace):
                continue
            if by_labels(obj["metadata"].get("labels") or {}) and by_fields(obj):
                found.append(copy.deepcopy(obj))
        return found

    def list(
        self, rt: ResourceType, namespace: str | None = None, labels: str | None = None, fields: str | None = None
    ) -> dict[str, Any]:
        """The list object; items of built-in kinds carry no kind/apiVersion, as on a real server."""
        rt = resolve(rt)
        items = self.items(rt, namespace, labels, fields)
        if not rt.custom:
            for item in items:
                item.pop("kind", None)
                item.pop("apiVersion", None)
        return {
            "kind": f"{rt.kind}List",
            "apiVersion": rt.api_version,
            "metadata": {"resourceVersion": str(self.revision)},
            "items": items,
        }

    def watch(
        self, rt: ResourceType, namespace: str | None, labels: str | None, fields: str | None, since: str | None
    ) -> tuple[Watcher, list[dict[str, Any]]]:
        """Open a watch; returns it with the events it starts with (initial ADDEDs or the replay)."""
        rt = resolve(rt)
        watcher = Watcher(rt, namespace, label_selector(labels), field_selector(fields))
        if since in (None, "", "0"):
            initial = [{"type": "ADDED", "object": obj} for obj in self.items(rt, namespace, labels, fields)]
        else:
            try:
                version = int(str(since))
            except ValueError:
                raise bad_request(f"invalid resource version {since!r}") from None
            initial = self.history.replay(watcher, version)
        self.history.watchers.add(watcher)
        return watcher, initial

    # ---- writes ---------------------------------------------------------------------------------

    def _commit(self, rt: ResourceType, obj: dict[str, Any], kind: str, old: dict[str, Any] | None) -> dict[str, Any]:
        self.revision += 1
        obj["metadata"]["resourceVersion"] = str(self.revision)
        key = _key(rt, obj["metadata"].get("namespace"), obj["metadata"]["name"])
        if kind == "DELETED":
            self._objects.pop(key, None)
            self._types.pop(key, None)
        else:
            self._objects[key] = copy.deepcopy(obj)
            self._types[key] = rt
        event = Event(self.revision, kind, rt, copy.deepcopy(obj), copy.deepcopy(old) if old else None)
        self.history.record(event)
        for listener in list(self.listeners):
            listener(event)
        return copy.deepcopy(obj)

    def _check_identity(self, rt: ResourceType, body: Any, namespace: str | None, name: str | None) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("metadata", {}), dict):
            raise bad_request("the body must be a JSON object with a metadata object")
        if body.get("apiVersion") != rt.api_version or body.get("kind") != rt.kind:
            raise bad_request(
                f"the API version and kind in the data ({body.get('apiVersion')}, {body.get('kind')})"
                f" do not match the expected ({rt.api_version}, {rt.kind})"
            )
        meta = body.setdefault("metadata", {})
        if rt.namespaced and meta.get("namespace") not in (None, namespace):
            raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
        if name is not None and meta.get("name") != name:
            raise bad_request(
                f"the name of the object ({meta.get('name')}) does not match the name on the URL ({name})"
            )

    def _validate(self, rt: ResourceType, obj: dict[str, Any]) -> None:
        if self.validator is None:
            return
        causes = self.validator(rt, obj)
        if causes:
            raise invalid(rt, obj["metadata"].get("name", ""), causes)

    def create(self, rt: ResourceType, namespace: str | None, body: Any, *, validate: bool = True) -> dict[str, Any]:
        rt = resolve(rt)
        self._check_identity(rt, body, namespace, None)
        obj = copy.deepcopy(body)
        meta = obj["metadata"]
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + uuid.uuid4().hex[:5]
        if not meta.get("name"):
            raise invalid(rt, "", [("metadata.name", "Required value: name or generateName is required")])
        if meta.get("resourceVersion"):
            raise ApiStatusError(500, "InternalError", "resourceVersion should not be set on objects to be created")
        if rt.namespaced:
            meta["namespace"] = namespace
        if _key(rt, namespace, meta["name"]) in self._objects:
            raise already_exists(rt, meta["name"])
        for field in SERVER_FIELDS:
            meta.pop(field, None)
        meta.update(uid=str(uuid.uuid4()), creationTimestamp=timestamp())
        if rt.has_generation:
            meta["generation"] = 1
        if rt.status_subresource and validate:
            obj.pop("status", None)
        self._defaults_on_create(rt, obj)
        if validate:
            self._validate(rt, obj)
        created = self._commit(rt, obj, "ADDED", None)
        if meta.get("ownerReferences"):
            self._schedule_gc()
        return created

    def _defaults_on_create(self, rt: ResourceType, obj: dict[str, Any]) -> None:
        if rt.kind == "Service":
            spec = obj.setdefault("spec", {})
            if spec.get("clusterIP") != "None":
                self._next_ip += 1
                ip = f"10.96.{self._next_ip // 250}.{self._next_ip % 250 + 1}"
                spec.update(clusterIP=ip, clusterIPs=[ip])
            spec.setdefault("type", "ClusterIP")
            spec.setdefault("sessionAffinity", "None")
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            spec.setdefault("internalTrafficPolicy", "Cluster")
        if rt.kind == "DaemonSet":
            spec = obj.get("spec", {})
            selector = (spec.get("selector") or {}).get("matchLabels") or {}
            labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
            if any(labels.get(k) != v for k, v in selector.items()):
                raise invalid(
                    rt,
                    obj["metadata"]["name"],
                    [("spec.template.metadata.labels", "Invalid value: `selector` does not match template `labels`")],
                )

    def _immutables(self, rt: ResourceType, old: dict[str, Any], new: dict[str, Any]) -> None:
        name = old["metadata"]["name"]
        if rt.kind == "DaemonSet" and (new.get("spec") or {}).get("selector") != old["spec"].get("selector"):
            raise invalid(rt, name, [("spec.selector", "Invalid value: field is immutable")])
        if rt.kind == "Service":
            spec, before = new.setdefault("spec", {}), old.get("spec", {})
            # Like the real Service REST storage: allocated values left out of an update are kept.
            for field in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"):
                if not spec.get(field) and field in before:
                    spec[field] = copy.deepcopy(before[field])
            if spec.get("clusterIP") != before.get("clusterIP"):
                raise invalid(rt, name, [("spec.clusterIP", "Invalid value: field is immutable")])

    def _update(self, rt: ResourceType, old: dict[str, Any], new: dict[str, Any], validate: bool) -> dict[str, Any]:
        meta, before = new.setdefault("metadata", {}), old["metadata"]
        for field in (*SERVER_FIELDS, "name", "namespace"):
            if field in before:
                meta[field] = copy.deepcopy(before[field])
            else:
                meta.pop(field, None)
        if before.get("deletionTimestamp"):
            added = [f for f in meta.get("finalizers") or [] if f not in (before.get("finalizers") or [])]
            if added:
                raise invalid(
                    rt,
                    before["name"],
                    [
                        (
                            "metadata.finalizers",
                            "Forbidden: no new finalizers can be "
                            f"added if the object is being deleted, "
                            f"found new finalizers {added}",
                        )
                    ],
                )
        if not meta.get("finalizers"):
            meta.pop("finalizers", None)
        self._immutables(rt, old, new)
        if rt.has_generation and _spec(rt, old) != _spec(rt, new):
            meta["generation"] = int(before.get("generation", 1)) + 1
        if validate:
            self._validate(rt, new)
        if _without_version(old) == _without_version(new):
            return copy.deepcopy(old)
        if meta.get("deletionTimestamp") and not meta.get("finalizers"):
            removed = self._commit(rt, new, "DELETED", old)
            self._schedule_gc()
            return removed
        return self._commit(rt, new, "MODIFIED", old)

    def _candidate(
        self, rt: ResourceType, old: dict[str, Any], proposed: dict[str, Any], subresource: str | None
    ) -> dict[str, Any]:
        """The object after a write to the main resource or to `/status`."""
        if subresource == "status":
            if not rt.status_subresource:
                raise not_found(rt, old["metadata"]["name"])
            new = copy.deepcopy(old)
            if "status" in proposed:
                new["status"] = copy.deepcopy(proposed["status"])
            else:
                new.pop("status", None)
            new["metadata"]["resourceVersion"] = proposed.get("metadata", {}).get("resourceVersion")
            return new
        if subresource:
            raise not_found(rt, old["metadata"]["name"])
        new = copy.deepcopy(proposed)
        if rt.status_subresource:
            if "status" in old:
                new["status"] = copy.deepcopy(old["status"])
            else:
                new.pop("status", None)
        return new

    def replace(
        self,
        rt: ResourceType,
        namespace: str | None,
        name: str,
        body: Any,
        *,
        subresource: str | None = None,
        validate: bool = True,
    ) -> dict[str, Any]:
        rt = resolve(rt)
        old = self.get(rt, namespace, name)
        self._check_identity(rt, body, namespace, name)
        version = body["metadata"].get("resourceVersion")
        if not version and rt.custom:
            raise invalid(
                rt, name, [("metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update")]
            )
        if version and version != old["metadata"]["resourceVersion"]:
            raise conflict(rt, name)
        uid = body["metadata"].get("uid")
        if uid and uid != old["metadata"]["uid"]:
            raise conflict(
                rt,
                name,
                f"Precondition failed: UID in precondition: {uid}, UID in object meta: {old['metadata']['uid']}",
            )
        return self._update(rt, old, self._candidate(rt, old, body, subresource), validate)

    def patch(
        self,
        rt: ResourceType,
        namespace: str | None,
        name: str,
        raw: bytes,
        content_type: str,
        *,
        subresource: str | None = None,
    ) -> dict[str, Any]:
        rt = resolve(rt)
        old = self.get(rt, namespace, name)
        try:
            document = json.loads(raw or b"null")
        except ValueError:
            raise bad_request("the patch is not valid JSON") from None
        if content_type == "application/merge-patch+json":
            merged = patches.merge_patch(old, document)
        elif content_type == "application/strategic-merge-patch+json" and not rt.custom:
            merged = patches.strategic_merge_patch(old, document)
        elif content_type == "application/json-patch+json":
            merged = patches.json_patch(old, document)
        else:
            accepted = "application/json-patch+json, application/merge-patch+json"
            if not rt.custom:
                accepted += ", application/strategic-merge-patch+json"
            raise ApiStatusError(
                415,
                "UnsupportedMediaType",
                f"the body of the request was in an unknown format - accepted media types include: {accepted}",
            )
        if not isinstance(merged, dict):
            raise bad_request("the patch must leave an object")
        version = (merged.get("metadata") or {}).get("resourceVersion")
        if version != old["metadata"]["resourceVersion"]:
            raise conflict(rt, name)
        self._check_identity(rt, merged, namespace, name)
        return self._update(rt, old, self._candidate(rt, old, merged, subresource), validate=True)

    def delete(
        self, rt: ResourceType, namespace: str | None, name: str, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Delete, or mark for deletion; returns (object, whether it is gone now)."""
        rt = resolve(rt)
        old = self.get(rt, namespace, name)
        options = options or {}
        pre = options.get("preconditions") or {}
        if pre.get("uid") and pre["uid"] != old["metadata"]["uid"]:
            raise conflict(
                rt,
                name,
                f"Precondition failed: UID in precondition: {pre['uid']}, UID in object meta: {old['metadata']['uid']}",
            )
        if pre.get("resourceVersion") and pre["resourceVersion"] != old["metadata"]["resourceVersion"]:
            raise conflict(rt, name)
        if options.get("propagationPolicy") == "Orphan":
            self._orphan(old["metadata"]["uid"])
        meta = old["metadata"]
        if meta.get("finalizers"):
            if meta.get("deletionTimestamp"):
                return old, False
            new = copy.deepcopy(old)
            new["metadata"].update(deletionTimestamp=timestamp(), deletionGracePeriodSeconds=0)
            if rt.has_generation:
                new["metadata"]["generation"] = int(meta.get("generation", 1)) + 1
            return self._commit(rt, new, "MODIFIED", old), False
        removed = self._commit(rt, copy.deepcopy(old), "DELETED", old)
        self._schedule_gc()
        return removed, True

    # ---- garbage collection ---------------------------------------------------------------------

    def _orphan(self, owner_uid: str) -> None:
        for key, obj in list(self._objects.items()):
            refs = obj["metadata"].get("ownerReferences") or []
            if any(ref.get("uid") == owner_uid for ref in refs):
                new = copy.deepcopy(obj)
                new["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != owner_uid]
                if not new["metadata"]["ownerReferences"]:
                    del new["metadata"]["ownerReferences"]
                self._commit(self._types[key], new, "MODIFIED", obj)

    def _schedule_gc(self) -> None:
        try:
            asyncio.get_running_loop().call_later(self.gc_delay, self.collect_garbage)
        except RuntimeError:
            self.collect_garbage()

    def collect_garbage(self) -> None:
        """Delete (background propagation) every object none of whose owners exists any more."""
        alive = {obj["metadata"]["uid"] for obj in self._objects.values()}
        for key, obj in list(self._objects.items()):
            refs = obj["metadata"].get("ownerReferences") or []
            if (
                refs
                and key in self._objects
                and not obj["metadata"].get("deletionTimestamp")
                and not any(ref.get("uid") in alive for ref in refs)
            ):
                self.delete(self._types[key], key[1] or None, key[2], {"propagationPolicy": "Background"})
