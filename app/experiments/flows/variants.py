"""An experiment's two variants as the runtime sees them, rendered once and then frozen."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.variants import VARIANT_LABELS
from app.experiments import service
from app.experiments.flows.apply import Observed, ensure_applied
from app.experiments.models import Experiment, FrozenVariant, FrozenVariants
from app.pipelines import service as pipelines
from app.runtimes.base import Runtime, VariantDeployment


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


async def record_applied(session: AsyncSession, experiment: Experiment, applied: dict[str, str]) -> Experiment:
    """Store the hashes just applied (through the version check, like every experiment write)."""
    frozen = experiment.variant_configs
    assert frozen is not None, "only rendered variants are applied"
    for variant_ in variants(experiment):
        if variant_.key in applied:
            frozen = frozen.replace(variant_.label, applied_hash=applied[variant_.key])
    await service.write(session, experiment, {"variant_configs": frozen})
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
