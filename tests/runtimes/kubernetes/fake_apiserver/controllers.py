"""A simulated DaemonSet controller (and kubelets) for the fake API server.

Part of a fake Kubernetes API server for tests: no cluster can run here, so the fake follows the real
REST semantics, and this module plays the part of kube-controller-manager's DaemonSet controller on
`nodes` fake nodes. After a DaemonSet is created or its spec changes it creates one pod per
matching node (labels from the pod template plus `controller-revision-hash`, an owner reference to
the DaemonSet, `spec.nodeName`), replaces pods of an older template (a roll), and writes the
DaemonSet's status through the status subresource: `desiredNumberScheduled`, `numberReady`,
`updatedNumberScheduled`, `observedGeneration`, ... as the real controller does. `ready` limits how
many pods report ready, to simulate crash-looping collectors. Pods of a deleted DaemonSet are left
to the fake garbage collector, as on a real cluster.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

from tests.runtimes.kubernetes.fake_apiserver.resources import DAEMON_SETS, PODS
from tests.runtimes.kubernetes.fake_apiserver.store import Store, timestamp
from tests.runtimes.kubernetes.fake_apiserver.watches import Event


def _revision(template: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()[:10]


class FakeDaemonSetController:
    def __init__(self, store: Store, *, nodes: int = 3, delay: float = 0.01, enabled: bool = True):
        self.store = store
        self.nodes = [{"kubernetes.io/hostname": f"node-{i}", "kubernetes.io/os": "linux"} for i in range(nodes)]
        self.delay = delay
        self.enabled = enabled
        self.ready: int | None = None
        """How many pods per DaemonSet report ready (None: all of them)."""
        store.listeners.append(self._on_event)

    def _on_event(self, event: Event) -> None:
        if self.enabled and event.resource == DAEMON_SETS and event.type != "DELETED":
            meta = event.obj["metadata"]
            self._later(meta["namespace"], meta["name"])

    def _later(self, namespace: str, name: str) -> None:
        try:
            asyncio.get_running_loop().call_later(self.delay, self.sync, namespace, name)
        except RuntimeError:
            self.sync(namespace, name)

    def set(self, *, enabled: bool | None = None, ready: int | None = -1, nodes: int | None = None) -> None:
        """Change the simulation (`ready=None` means all pods ready) and re-sync every DaemonSet."""
        if enabled is not None:
            self.enabled = enabled
        if ready != -1:
            self.ready = ready
        if nodes is not None:
            self.nodes = [{"kubernetes.io/hostname": f"node-{i}", "kubernetes.io/os": "linux"} for i in range(nodes)]
        if self.enabled:
            for ds in self.store.items(DAEMON_SETS):
                self._later(ds["metadata"]["namespace"], ds["metadata"]["name"])

    def _pod(self, ds: dict[str, Any], node: dict[str, str], revision: str, ready: bool) -> dict[str, Any]:
        meta, template = ds["metadata"], ds["spec"]["template"]
        host = node["kubernetes.io/hostname"]
        suffix = hashlib.sha256(f"{meta['uid']}/{host}/{revision}".encode()).hexdigest()[:5]
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": f"{meta['name']}-{suffix}",
                "namespace": meta["namespace"],
                "labels": {**(template["metadata"].get("labels") or {}), "controller-revision-hash": revision},
                "annotations": dict(template["metadata"].get("annotations") or {}),
                "ownerReferences": [
                    {
                        "apiVersion": "apps/v1",
                        "kind": "DaemonSet",
                        "name": meta["name"],
                        "uid": meta["uid"],
                        "controller": True,
                        "blockOwnerDeletion": True,
                    }
                ],
            },
            "spec": {**template["spec"], "nodeName": host},
            "status": {
                "phase": "Running",
                "startTime": timestamp(),
                "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
            },
        }

    def sync(self, namespace: str, name: str) -> None:
        """Bring the pods and status of one DaemonSet in line with its spec (no-op when they are)."""
        ds = self.store.find(DAEMON_SETS, namespace, name)
        if ds is None or ds["metadata"].get("deletionTimestamp") or not self.enabled:
            return
        selector = ds["spec"]["template"]["spec"].get("nodeSelector") or {}
        nodes = [n for n in self.nodes if all(n.get(k) == v for k, v in selector.items())]
        revision = _revision(ds["spec"]["template"])
        ready_count = len(nodes) if self.ready is None else min(self.ready, len(nodes))
        owned = [
            p
            for p in self.store.items(PODS, namespace)
            if any(r.get("uid") == ds["metadata"]["uid"] for r in p["metadata"].get("ownerReferences") or [])
        ]
        for pod in owned:
            if pod["metadata"]["labels"].get("controller-revision-hash") != revision:
                self.store.delete(PODS, namespace, pod["metadata"]["name"])
        wanted = [self._pod(ds, node, revision, i < ready_count) for i, node in enumerate(nodes)]
        for pod in wanted:
            current = self.store.find(PODS, namespace, pod["metadata"]["name"])
            if current is None:
                self.store.create(PODS, namespace, pod, validate=False)
            elif current["status"]["conditions"] != pod["status"]["conditions"]:
                current["status"]["conditions"] = pod["status"]["conditions"]
                self.store.replace(
                    PODS, namespace, pod["metadata"]["name"], current, subresource="status", validate=False
                )
        status = {
            "currentNumberScheduled": len(nodes),
            "desiredNumberScheduled": len(nodes),
            "numberMisscheduled": 0,
            "numberReady": ready_count,
            "numberAvailable": ready_count,
            "updatedNumberScheduled": len(nodes),
            "observedGeneration": ds["metadata"]["generation"],
        }
        if len(nodes) > ready_count:
            status["numberUnavailable"] = len(nodes) - ready_count
        if ds.get("status") != status:
            self.store.replace(
                DAEMON_SETS, namespace, name, {**ds, "status": status}, subresource="status", validate=False
            )
