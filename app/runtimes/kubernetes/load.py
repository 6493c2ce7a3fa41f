"""An experiment's load profile on Kubernetes: the simulation DaemonSet on the target's nodes.

The collectors of a kubernetes experiment read their nodes, not Phoenix's host, so the load they
measure must run there too. `app.simulation.manifests` builds a DaemonSet that runs `phoenix simulate`
from Phoenix's image on every node the experiment's target selects (plus a ConfigMap for a custom
profile); the collectors (`hostPID`) see its processes like any other on the node.

The DaemonSet is declarative: it outlives a restart of Phoenix, so starting it again is an
idempotent apply, and `stop` deletes it (the garbage collector removes its pods). It needs nothing
beyond the Role Phoenix already holds for its collectors (ConfigMaps and DaemonSets in the namespaces
it manages), and its pods are unprivileged (see `app.simulation.manifests`).
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from app.core.errors import PhoenixError
from app.runtimes.base import Target
from app.runtimes.kubernetes.client import CONFIG_MAPS, DAEMON_SETS, ApiError, KubeClient
from app.runtimes.kubernetes.retry import Backoff
from app.runtimes.kubernetes.writes import create_or_replace, delete_if_present
from app.simulation.manifests import (
    InvalidTarget,
    SimulationTarget,
    build_simulation_manifests,
    object_name,
)
from app.simulation.models import SimulationCreate
from app.simulation.settings import SimulationSettings

SIMULATION_NAME_MAX = 32  # what an experiment's `simulation_id` holds
_LONGEST_OWNER = SIMULATION_NAME_MAX - 9  # room for "-" and 8 hex digits


class LoadNotStarted(PhoenixError):
    """The cluster refused the simulation's objects, or stayed unreachable through the retries."""

    status_code = 503
    code = "load_not_started"


def simulation_name(owner: str, owner_id: str) -> str:
    """The simulation's name for an experiment (at most 32 characters; its objects are
    `phoenix-sim-<name>`): its name, shortened, and a digest of its id, so two experiments of one
    name, one after the other, never share objects."""
    digest = hashlib.sha256(owner_id.encode()).hexdigest()[:8]
    return f"{owner[:_LONGEST_OWNER].rstrip('-')}-{digest}"


def _merge(live: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any] | None:
    """`live` with Phoenix's labels and spec (or data); None when it already has them."""
    body = copy.deepcopy(live)
    body["metadata"]["labels"] = {**(live["metadata"].get("labels") or {}), **desired["metadata"]["labels"]}
    for part in ("spec", "data"):
        if part in desired:
            body[part] = desired[part]
    return None if body == live else body


class KubernetesLoad:
    """Starts and stops experiments' simulations as DaemonSets on their targets' nodes."""

    def __init__(self, client: KubeClient, *, backoff: Backoff, image: str, settings: SimulationSettings | None = None):
        self._client = client
        self._backoff = backoff
        self._image = image
        self._settings = settings

    async def start(self, *, owner: str, owner_id: str, request: SimulationCreate, target: Target) -> str:
        """Apply the simulation's objects in `target`; the simulation's name (`simulation_name`)."""
        simulation = simulation_name(owner, owner_id)
        try:
            objects = build_simulation_manifests(
                request,
                simulation=simulation,
                kind="DaemonSet",
                target=SimulationTarget(namespace=target.namespace, node_selector=dict(target.node_selector)),
                image=self._image,
                settings=self._settings or SimulationSettings(),
            )
            for obj in objects:
                resource = DAEMON_SETS if obj["kind"] == "DaemonSet" else CONFIG_MAPS
                await create_or_replace(self._client, resource, obj, _merge, backoff=self._backoff)
        except (ApiError, InvalidTarget) as exc:
            raise LoadNotStarted(f"the simulation DaemonSet could not be applied: {exc}") from None
        return simulation

    async def stop(self, *, owner: str, owner_id: str, target: Target) -> None:
        """Delete the simulation's DaemonSet and ConfigMap (already gone is fine)."""
        name = object_name(simulation_name(owner, owner_id))
        for resource in (DAEMON_SETS, CONFIG_MAPS):
            await delete_if_present(self._client, resource, target.namespace, name, backoff=self._backoff)
