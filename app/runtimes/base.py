"""The runtime interface: where pipeline variants actually run.

The reconciler speaks only this interface. A `local` runtime runs variants in the embedded engine on
this host; a `kubernetes` runtime applies PhoenixProcessPipeline custom resources that an operator
loop turns into ConfigMap + DaemonSet + Service. Every method is idempotent: applying what is
already applied, or removing what is already gone, succeeds, so a restarted reconciler can simply
call them again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import ConfigDict
from sqlmodel import Field

from app.core.models import StrictModel
from app.core.naming import DnsLabel
from app.engine.kpi_model import VariantKpisBase
from app.otelcol.binary import ENGINE_MEASURER

if TYPE_CHECKING:
    from app.simulation.models import SimulationCreate

RuntimeState = Literal["absent", "pending", "ready", "failed"]


def config_hash(config_yaml: str) -> str:
    """SHA-256 (hex) of a rendered config: how every runtime and the database identify a config."""
    return hashlib.sha256(config_yaml.encode("utf-8")).hexdigest()


class Target(StrictModel):
    """Where a variant runs: the one shape experiments, deployments and manifests share. Locally
    every target is this host; on Kubernetes, a namespace and the nodes its DaemonSet selects."""

    namespace: DnsLabel = "default"
    node_selector: dict[str, str] = Field(default_factory=dict, max_length=32)


@dataclass(frozen=True)
class VariantDeployment:
    """One pipeline variant to run: a baseline or candidate of an experiment, or a standing deployment.

    `owner` is the experiment name (or `deployment`), `label` the variant (`baseline`, `candidate`, or
    the deployment's name); together they name the objects in the runtime.
    """

    owner: str
    owner_id: str
    label: str
    config_yaml: str
    template: str
    parameters: dict[str, Any]
    namespace: str = "default"
    node_selector: dict[str, str] = field(default_factory=dict)
    critical_processes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.owner}/{self.label}"


@dataclass(frozen=True)
class VariantStatus:
    """What runs: `config_hash` is the hash of the config in effect, which may differ from the desired
    one if someone changed it behind Phoenix's back (drift)."""

    state: RuntimeState
    message: str = ""
    desired_nodes: int = 0
    ready_nodes: int = 0
    config_hash: str | None = None


class VariantSample(VariantKpisBase):
    """One sampling interval of one variant: the KPIs of `VariantKpisBase` as plain numbers (fractions 0-1),
    which variant they are of, and runtime-specific details (`extra`) that are not stored."""

    model_config = ConfigDict(frozen=True)

    label: str
    # What produced these figures: a collector binary (`otelcol-phoenix 0.159.0`) or `embedded engine`.
    measured_by: str = ENGINE_MEASURER
    extra: dict[str, Any] = Field(default_factory=dict)


class TargetLoad(Protocol):
    """Runs an experiment's load profile on the hosts of its target, for a runtime whose variants run
    elsewhere than Phoenix's own host (on Kubernetes: a simulation DaemonSet on the target's nodes).
    Declarative: starting again what runs is a no-op, stopping what is gone succeeds."""

    async def start(self, *, owner: str, owner_id: str, request: SimulationCreate, target: Target) -> str:
        """Start (or keep) the load; what names it, for the record."""

    async def stop(self, *, owner: str, owner_id: str, target: Target) -> None:
        """Stop the load and remove what it left."""


class Runtime(Protocol):
    name: str
    target_load: TargetLoad | None
    """Where an experiment's load profile runs: None, on Phoenix's own host (its SimulationManager)."""

    async def apply(self, variant: VariantDeployment) -> None:
        """Make `variant` run with exactly this config (create, or update in place)."""

    async def status(self, variant: VariantDeployment) -> VariantStatus:
        """What the runtime observes for `variant` now."""

    async def remove(self, variant: VariantDeployment) -> None:
        """Stop and delete `variant`; succeeds if it is already gone."""

    async def sample(self, variants: list[VariantDeployment]) -> dict[str, VariantSample]:
        """One KPI sample per variant key, all taken over the same interval (and, locally, snapshot)."""

    async def close(self) -> None:
        """Release connections and background tasks."""

    def run_parameters(self, *, owner: str, label: str) -> dict[str, Any]:
        """Template parameters this runtime sets on every variant it runs; they win over the user's
        (they describe where the collector runs, e.g. a pod's ports and host mount, not what it does)."""

    def same_target(self, a: Target, b: Target) -> bool:
        """Whether two targets select the same hosts."""

    def check_target(self, target: Target) -> None:
        """Refuse (`Invalid`, a 422 at `body.target`) a target this runtime may not run variants on."""


class OnThisHost:
    """Placement of the runtimes that run every variant on this host: there is one target, and
    nothing about a variant's place needs forcing into its config."""

    target_load: TargetLoad | None = None  # the load runs here, in Phoenix's SimulationManager
    host_root_path = ""
    """The host's `/` as a container sees it (PHOENIX_HOST_ROOT_PATH); empty on the host itself."""

    def run_parameters(self, *, owner: str, label: str) -> dict[str, Any]:
        """The receiver's `root_path` when Phoenix sees the host through a mount, else nothing."""
        del owner, label
        return {"host_root_path": self.host_root_path} if self.host_root_path else {}

    def same_target(self, a: Target, b: Target) -> bool:
        del a, b
        return True

    def check_target(self, target: Target) -> None:
        del target  # every target is this host
