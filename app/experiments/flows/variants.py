"""An experiment's two variants as the runtime sees them, rendered once and then frozen.

The hashes Phoenix last applied (`FrozenVariant.applied_hash`) are runtime bookkeeping, not a
user's change: they are written without bumping the experiment's version (so a user's write never
fails on them), but only while the version is the one they were derived from, so they never
overwrite a user's change: a row changed meanwhile is skipped, and the next tick applies and
records again from what it then reads. A config change (`app.experiments.changes`) keeps the old
hash with the new config, so the next tick sees the difference and applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.core.errors import Conflict
from app.core.variants import VARIANT_LABELS
from app.experiments import service
from app.experiments.events import EventKind
from app.experiments.flows.apply import Observed, ensure_applied
from app.experiments.flows.context import RECONCILER
from app.experiments.models import Experiment, ExperimentEvent, FrozenVariant, FrozenVariants
from app.pipelines import service as pipelines
from app.runtimes.base import Runtime, VariantDeployment, config_hash

REAPPLIED_MESSAGE = "variants applied again (not running after a restart, or their config changed)"


async def render_variants(session: AsyncSession, experiment: Experiment, runtime: Runtime) -> FrozenVariants:
    """Both variants rendered with the run's identity, ready to be frozen on the experiment."""
    rendered = {}
    for label in VARIANT_LABELS:
        config_yaml, template, parameters = await pipelines.render_for_run(
            session,
            getattr(experiment, label),
            owner=experiment.name,
            label=label,
            critical_processes=list(experiment.critical_processes),
            runtime=runtime,
        )
        rendered[label] = FrozenVariant(config_yaml=config_yaml, template=template, parameters=parameters)
    return FrozenVariants(**rendered)


def variant(experiment: Experiment, label: str) -> VariantDeployment:
    if experiment.variant_configs is None:
        raise ValueError(f"experiment {experiment.name} has no rendered variants yet")
    frozen = experiment.variant_configs.of(label)
    return VariantDeployment(
        owner=experiment.name,
        owner_id=experiment.id,
        label=label,
        config_yaml=frozen.config_yaml,
        template=frozen.template,
        parameters=dict(frozen.parameters),
        namespace=experiment.target.namespace,
        node_selector=dict(experiment.target.node_selector),
        critical_processes=tuple(experiment.critical_processes),
    )


def variants(experiment: Experiment) -> list[VariantDeployment]:
    """Both variants, or none before their configs were rendered."""
    if experiment.variant_configs is None:
        return []
    return [variant(experiment, label) for label in VARIANT_LABELS]


def applied_hashes(experiment: Experiment) -> dict[str, str | None]:
    """Per variant key, the config hash Phoenix last applied to the runtime."""
    frozen = experiment.variant_configs
    return {v.key: frozen.of(v.label).applied_hash for v in variants(experiment)} if frozen else {}


def with_applied(experiment: Experiment, configs: FrozenVariants, applied: dict[str, str]) -> FrozenVariants:
    """`configs` with the hashes just applied (per variant key) recorded."""
    for variant_ in variants(experiment):
        if variant_.key in applied:
            configs = configs.replace(variant_.label, applied_hash=applied[variant_.key])
    return configs


# The configs are bound as the JSON they are stored as (`Frozen.stored`, or a dump of the model).
_RECORD = (
    update(Experiment.__table__)  # type: ignore[arg-type]
    .where(
        Experiment.__table__.c.id == bindparam("b_id"),  # type: ignore[attr-defined]
        Experiment.__table__.c.version == bindparam("b_version"),  # type: ignore[attr-defined]
    )
    .values(variant_configs=bindparam("b_configs", type_=JSON()))
)


async def record_applied(session: AsyncSession, experiment: Experiment, applied: dict[str, str]) -> Experiment:
    """Store the hashes just applied, now (bookkeeping: no version bump); Conflict if the experiment
    changed since it was read, as for any write of the experiment."""
    frozen = experiment.variant_configs
    assert frozen is not None, "only rendered variants are applied"
    params = {
        "b_id": experiment.id,
        "b_version": experiment.version,
        "b_configs": with_applied(experiment, frozen, applied).model_dump(mode="json"),
    }
    result = await session.execute(_RECORD, params)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise Conflict(
            "the experiment was changed concurrently; re-read it and retry", {"expected_version": experiment.version}
        )
    await session.commit()
    return await service.get(session, experiment_id=experiment.id)


async def apply_variants(
    runtime: Runtime, session: AsyncSession, experiment: Experiment
) -> tuple[Experiment, Observed]:
    """Apply what the runtime lacks or Phoenix changed, record the applied hashes, report the statuses."""
    observed = await ensure_applied(runtime, variants(experiment), applied_hashes(experiment))
    if observed.applied:
        experiment = await record_applied(session, experiment, observed.applied)
    return experiment, observed


def reapplied_event(experiment: Experiment, applied: dict[str, str]) -> ExperimentEvent:
    """The timeline's note that the runtime was made to run the variants again."""
    return ExperimentEvent(
        experiment_id=experiment.id,
        kind=EventKind.variants_reapplied,
        actor=RECONCILER,
        message=REAPPLIED_MESSAGE,
        data={"variants": sorted(applied)},
    )


@dataclass
class Frozen:
    """One experiment's variants as frozen at one version, ready for the runtime: the configs (with
    the hashes Phoenix last applied) and the hashes of the configs themselves. `stored` is the
    configs as the JSON they are stored as, made only when hashes are to be written (the first
    tick after a start reads thousands of these and writes none)."""

    version: int
    configs: FrozenVariants
    variants: list[VariantDeployment]
    desired: dict[str, str]
    stored: dict[str, Any] | None = None

    def applied(self) -> dict[str, str | None]:
        if self.stored is not None:
            return {v.key: self.stored[v.label].get("applied_hash") for v in self.variants}
        return {v.key: self.configs.of(v.label).applied_hash for v in self.variants}

    def with_applied(self, applied: dict[str, str]) -> dict[str, Any]:
        """The stored configs with the hashes just applied (per variant key) recorded."""
        stored = dict(self.stored if self.stored is not None else self.configs.model_dump(mode="json"))
        for v in self.variants:
            if v.key in applied:
                stored[v.label] = {**stored[v.label], "applied_hash": applied[v.key]}
        return stored


@dataclass
class _Pending:
    experiment_id: str
    version: int
    stored: dict[str, Any]
    event: dict[str, Any]


@dataclass
class Ledger:
    """The reconciler's memory of running experiments across ticks, and one tick's bookkeeping.

    `frozen()` keeps each experiment's variants (and their config hashes) per version, so a tick
    with nothing to do renders, hashes and parses nothing; every change of the row but this
    bookkeeping bumps the version. `note()` keeps the hashes applied in a tick with their event;
    `flush()` writes all of them in one transaction at the tick's end.
    """

    _frozen: dict[str, Frozen] = field(default_factory=dict)
    _pending: list[_Pending] = field(default_factory=list)

    def frozen(self, experiment: Experiment) -> Frozen:
        known = self._frozen.get(experiment.id)
        if known is None or known.version != experiment.version:
            assert experiment.variant_configs is not None, "only rendered variants are applied"
            found = variants(experiment)
            known = Frozen(
                experiment.version,
                experiment.variant_configs,
                found,
                {v.key: config_hash(v.config_yaml) for v in found},
            )
            self._frozen[experiment.id] = known
        return known

    def note(self, experiment: Experiment, applied: dict[str, str]) -> None:
        """Hashes applied this tick, written by `flush()` with their event."""
        known = self.frozen(experiment)
        self._pending.append(
            _Pending(
                experiment.id,
                experiment.version,
                known.with_applied(applied),
                {
                    "experiment_id": experiment.id,
                    "kind": EventKind.variants_reapplied.value,
                    "actor": RECONCILER,
                    "message": REAPPLIED_MESSAGE,
                    "data": {"variants": sorted(applied)},
                    "created_at": utcnow(),
                },
            )
        )

    def forget(self, experiment_id: str) -> None:
        self._frozen.pop(experiment_id, None)

    def retain(self, experiment_ids: set[str]) -> None:
        """Forget the experiments no longer reconciled."""
        for gone in set(self._frozen) - experiment_ids:
            del self._frozen[gone]

    def clear(self) -> None:
        self._frozen.clear()
        self._pending.clear()

    def discard_pending(self) -> None:
        self._pending.clear()

    async def flush(self, session: AsyncSession) -> int:
        """Write the tick's applied hashes (one executemany, checked against the version read, no
        bump) and their events, in one transaction; returns how many experiments it covered."""
        pending, self._pending = self._pending, []
        if not pending:
            return 0
        try:
            await self._write(session, pending)
        except IntegrityError:  # an experiment deleted meanwhile: its event has nothing to belong to
            await session.rollback()
            ids = [p.experiment_id for p in pending]
            alive = set((await session.execute(select(Experiment.id).where(Experiment.id.in_(ids)))).scalars())
            pending = [p for p in pending if p.experiment_id in alive]
            if pending:
                await self._write(session, pending)
        for p in pending:
            # The row now holds these hashes, or it changed meanwhile and its new version is read afresh.
            known = self._frozen.get(p.experiment_id)
            if known is not None and known.version == p.version:
                known.stored = p.stored
        return len(pending)

    @staticmethod
    async def _write(session: AsyncSession, pending: list[_Pending]) -> None:
        await session.execute(
            _RECORD, [{"b_id": p.experiment_id, "b_version": p.version, "b_configs": p.stored} for p in pending]
        )
        await session.execute(insert(ExperimentEvent.__table__), [p.event for p in pending])  # type: ignore[arg-type]
        await session.commit()
