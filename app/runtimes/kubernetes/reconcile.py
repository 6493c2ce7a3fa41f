"""Reconcile one PhoenixProcessPipeline: its ConfigMap, Service and DaemonSet, its status, its finalizer.

The custom resource carries everything needed (the rendered config, its hash, ports, node
selector, tolerations), so the objects are rebuilt from it with the same `build_variant_manifests`
the API and the GitOps export use, and owned by it (`ownerReferences`, controller and
blockOwnerDeletion). Each owned object carries `phoenix.io/applied-hash`, the hash of what Phoenix
last wrote; an object whose hash matches is left alone, so a resync costs reads, not writes, and
pods only roll when the pod template changes (the config hash annotation on it). A hand edit of
the config (ConfigMap data, the pod template's config hash) is put back too; other hand edits of
owned objects stay until Phoenix next changes the object.

Deletion: the finalizer `phoenix.io/cleanup` keeps a deleted resource until its objects are
deleted (the garbage collector would get there too, but later and silently), then the finalizer
is removed and the API server lets the resource go.

A spec that cannot become objects (a config that does not fit the pod, a hash that does not match
the config, an object the API server refuses as invalid) is reported as phase `Failed` and not
retried until the spec changes; anything else is raised for the operator to retry with backoff.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.runtimes.kubernetes.client import CONFIG_MAPS, DAEMON_SETS, PIPELINES, SERVICES, ApiError, KubeClient
from app.runtimes.kubernetes.manifests import VariantManifests, VariantTarget, build_variant_manifests
from app.runtimes.kubernetes.naming import (
    ANNOTATION_CONFIG_HASH,
    COLLECTOR_APP,
    GROUP,
    LABEL_MANAGED_BY,
    LABEL_NAME,
    MANAGED_BY,
)
from app.runtimes.kubernetes.retry import Backoff, retrying
from app.runtimes.kubernetes.status import pipeline_status
from app.runtimes.kubernetes.variant_config import VariantPorts
from app.runtimes.kubernetes.writes import create_or_replace, delete_if_present, modify, patch_merge

FINALIZER = f"{GROUP}/cleanup"
ANNOTATION_APPLIED = f"{GROUP}/applied-hash"
OWNED = {"ConfigMap": CONFIG_MAPS, "Service": SERVICES, "DaemonSet": DAEMON_SETS}
MANAGED_SELECTOR = f"{LABEL_MANAGED_BY}={MANAGED_BY},{LABEL_NAME}={COLLECTOR_APP}"
"""Selects every collector object Phoenix manages (list and watch only these, never the whole cluster)."""


class SpecError(ValueError):
    """The custom resource's spec cannot be turned into objects."""


def manifests_from_spec(pipeline: dict[str, Any]) -> VariantManifests:
    """The variant's objects, rebuilt from the custom resource; raises `SpecError` with the reason."""
    meta, spec = pipeline["metadata"], pipeline.get("spec") or {}
    try:
        ports = spec["ports"]
        manifests = build_variant_manifests(
            config_yaml=spec["config"],
            experiment=spec["experiment"],
            variant=spec["variant"],
            template=spec["template"],
            parameters=spec.get("parameters") or {},
            target=VariantTarget(
                namespace=meta["namespace"],
                node_selector=spec.get("nodeSelector") or {},
                tolerations=tuple(spec.get("tolerations") or ()),
            ),
            ports=VariantPorts(
                prometheus=ports["prometheus"], health_check=ports["healthCheck"], telemetry=ports["telemetry"]
            ),
            experiment_id=spec.get("experimentId") or None,
        )
    except KeyError as exc:
        raise SpecError(f"spec.{exc.args[0]} is missing") from None
    except (TypeError, ValueError) as exc:
        raise SpecError(str(exc)) from None
    if manifests.config_hash != spec.get("configHash"):
        raise SpecError("spec.configHash is not the SHA-256 of spec.config")
    return manifests


def applied_hash(obj: dict[str, Any]) -> str:
    """Hash of an object as Phoenix writes it (before the server adds anything)."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def controller_uid(obj: dict[str, Any]) -> str | None:
    """The uid of the object's controlling owner, if any."""
    refs = obj.get("metadata", {}).get("ownerReferences") or []
    return next((r.get("uid") for r in refs if r.get("controller")), None)


def _stamped(obj: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out["metadata"].setdefault("annotations", {})[ANNOTATION_APPLIED] = applied_hash(obj)
    return out


def _config_drifted(live: dict[str, Any], desired: dict[str, Any]) -> bool:
    """Whether someone changed what decides the running config (ConfigMap data, the pod template's config hash)."""
    if desired["kind"] == "ConfigMap":
        return live.get("data") != desired.get("data")
    if desired["kind"] == "DaemonSet":

        def pod_hash(obj: dict[str, Any]) -> Any:
            template = (obj.get("spec") or {}).get("template") or {}
            return ((template.get("metadata") or {}).get("annotations") or {}).get(ANNOTATION_CONFIG_HASH)

        return pod_hash(live) != pod_hash(desired)
    return False


def merge_owned(live: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any] | None:
    """What to PUT over a live owned object, or None when it already holds what Phoenix last wrote.

    Server-assigned values survive (a Service's cluster IP, defaulted fields), labels and annotations
    of other writers are kept, and the controller reference is taken over: the object's name says
    it belongs to this variant (a previous resource of the same name left it behind).
    """
    live_meta, want = live["metadata"], desired["metadata"]
    if (
        (live_meta.get("annotations") or {}).get(ANNOTATION_APPLIED) == want["annotations"][ANNOTATION_APPLIED]
        and controller_uid(live) == controller_uid(desired)
        and not _config_drifted(live, desired)
    ):
        return None
    body = copy.deepcopy(live)
    for field, value in desired.items():
        if field not in ("apiVersion", "kind", "metadata", "status"):
            body[field] = copy.deepcopy(value)
    if desired["kind"] == "Service":
        body["spec"] = {**(live.get("spec") or {}), **desired["spec"]}
    meta = body["metadata"]
    for field in ("labels", "annotations"):
        meta[field] = {**(live_meta.get(field) or {}), **(want.get(field) or {})}
    ours = {r["uid"] for r in want["ownerReferences"]}
    others = [r for r in live_meta.get("ownerReferences") or [] if r.get("uid") not in ours and not r.get("controller")]
    meta["ownerReferences"] = [*want["ownerReferences"], *others]
    return body


class PipelineReconciler:
    """Brings one custom resource's objects and status in line with its spec (idempotent)."""

    def __init__(self, client: KubeClient, *, backoff: Backoff, clock: Callable[[], datetime] | None = None):
        self._client = client
        self._backoff = backoff
        self._clock = clock or (lambda: datetime.now(UTC))

    async def reconcile(self, namespace: str, name: str) -> str:
        """Reconcile `namespace/name`; returns what happened (`gone`, `deleted`, or the phase written)."""

        async def read() -> dict[str, Any] | None:
            try:
                return await self._client.get(PIPELINES, namespace, name)
            except ApiError as exc:
                if exc.not_found:
                    return None
                raise

        pipeline = await retrying(read, backoff=self._backoff, what=f"read {namespace}/{name}")
        if pipeline is None:
            return "gone"
        if pipeline["metadata"].get("deletionTimestamp"):
            await self._finalize(pipeline)
            return "deleted"
        pipeline = await self._ensure_finalizer(pipeline)
        if pipeline is None:
            return "gone"
        try:
            manifests = manifests_from_spec(pipeline)
            daemon_set = await self._materialise(pipeline, manifests)
        except SpecError as exc:
            return await self._write_status(pipeline, None, failed=str(exc))
        except ApiError as exc:
            if exc.status not in (400, 422):
                raise
            return await self._write_status(pipeline, None, failed=f"the API server refused an object: {exc.message}")
        return await self._write_status(pipeline, daemon_set)

    async def _ensure_finalizer(self, pipeline: dict[str, Any]) -> dict[str, Any] | None:
        def add(live: dict[str, Any]) -> dict[str, Any] | None:
            finalizers = live["metadata"].get("finalizers") or []
            if FINALIZER in finalizers or live["metadata"].get("deletionTimestamp"):
                return None
            return {"metadata": {"finalizers": [*finalizers, FINALIZER]}}

        if FINALIZER in (pipeline["metadata"].get("finalizers") or []):
            return pipeline
        meta = pipeline["metadata"]
        return await patch_merge(self._client, PIPELINES, meta["namespace"], meta["name"], add, backoff=self._backoff)

    async def _materialise(self, pipeline: dict[str, Any], manifests: VariantManifests) -> dict[str, Any]:
        """Create or update ConfigMap, Service, DaemonSet (in that order); returns the DaemonSet as stored."""
        written: dict[str, dict[str, Any]] = {}
        for obj in manifests.owned_by(pipeline["metadata"]["uid"]):
            resource = OWNED[obj["kind"]]
            written[obj["kind"]] = await create_or_replace(
                self._client, resource, _stamped(obj), merge_owned, backoff=self._backoff
            )
        return written["DaemonSet"]

    async def _write_status(
        self, pipeline: dict[str, Any], daemon_set: dict[str, Any] | None, *, failed: str | None = None
    ) -> str:
        generation = int(pipeline["metadata"].get("generation", 1))
        computed: dict[str, Any] = {}

        def change(live: dict[str, Any]) -> dict[str, Any] | None:
            meta = live["metadata"]
            if meta.get("deletionTimestamp") or int(meta.get("generation", 1)) != generation:
                return None  # a newer spec or a deletion: the event it made brings another reconcile
            status = pipeline_status(
                generation=generation,
                config_hash=live["spec"]["configHash"],
                daemon_set=daemon_set,
                now=self._clock(),
                previous=live.get("status"),
                failed_reason=failed,
            )
            computed.update(status)
            if status == live.get("status"):
                return None
            live["status"] = status
            return live

        meta = pipeline["metadata"]
        await modify(
            self._client,
            PIPELINES,
            meta["namespace"],
            meta["name"],
            change,
            backoff=self._backoff,
            subresource="status",
        )
        return str(computed.get("phase", "unchanged"))

    async def _finalize(self, pipeline: dict[str, Any]) -> None:
        """Delete every object this resource controls, then drop the finalizer so the resource can go."""
        meta = pipeline["metadata"]
        if FINALIZER not in (meta.get("finalizers") or []):
            return
        namespace, uid = meta["namespace"], meta["uid"]
        for resource in (DAEMON_SETS, SERVICES, CONFIG_MAPS):

            async def listing(resource: Any = resource) -> dict[str, Any]:
                return await self._client.list(resource, namespace=namespace, label_selector=MANAGED_SELECTOR)

            found = await retrying(listing, backoff=self._backoff, what=f"list {resource.kind} in {namespace}")
            for item in found.get("items") or []:
                if controller_uid(item) == uid:
                    await delete_if_present(
                        self._client,
                        resource,
                        namespace,
                        item["metadata"]["name"],
                        backoff=self._backoff,
                        uid=item["metadata"]["uid"],
                    )

        def remove(live: dict[str, Any]) -> dict[str, Any] | None:
            finalizers = live["metadata"].get("finalizers") or []
            if FINALIZER not in finalizers:
                return None
            return {"metadata": {"finalizers": [f for f in finalizers if f != FINALIZER]}}

        await patch_merge(self._client, PIPELINES, namespace, meta["name"], remove, backoff=self._backoff)
