"""An experiment's two variants as the runtime sees them, rendered once and then frozen."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.experiments import service
from app.experiments.flows.apply import Observed, ensure_applied
from app.experiments.models import Experiment
from app.pipelines import service as pipelines
from app.runtimes.base import Runtime, VariantDeployment

LABELS = ("baseline", "candidate")


async def render_variants(session: AsyncSession, experiment: Experiment, runtime: str) -> dict[str, Any]:
    """{label: {config_yaml, template, parameters}} for both variants, with the run's identity."""
    configs = {}
    for label in LABELS:
        config_yaml, template, parameters = await pipelines.render_for_run(
            session,
            getattr(experiment, label),
            owner=experiment.name,
            label=label,
            critical_processes=list(experiment.critical_processes),
            runtime=runtime,
        )
        configs[label] = {"config_yaml": config_yaml, "template": template, "parameters": parameters}
    return configs


def variant(experiment: Experiment, label: str) -> VariantDeployment:
    config = (experiment.variant_configs or {})[label]
    return VariantDeployment(
        owner=experiment.name,
        owner_id=experiment.id,
        label=label,
        config_yaml=config["config_yaml"],
        template=config["template"],
        parameters=dict(config["parameters"]),
        namespace=experiment.target.get("namespace", "default"),
        node_selector=dict(experiment.target.get("node_selector") or {}),
        critical_processes=tuple(experiment.critical_processes),
    )


def variants(experiment: Experiment) -> list[VariantDeployment]:
    """Both variants, or none before their configs were rendered."""
    if not experiment.variant_configs:
        return []
    return [variant(experiment, label) for label in LABELS]


def applied_hashes(experiment: Experiment) -> dict[str, str | None]:
    """Per variant key, the config hash Phoenix last applied to the runtime."""
    return {v.key: (experiment.variant_configs or {})[v.label].get("applied_hash") for v in variants(experiment)}


async def record_applied(session: AsyncSession, experiment: Experiment, applied: dict[str, str]) -> Experiment:
    """Store the hashes just applied (through the version check, like every experiment write)."""
    configs = {label: dict(config) for label, config in (experiment.variant_configs or {}).items()}
    for variant_ in variants(experiment):
        if variant_.key in applied:
            configs[variant_.label]["applied_hash"] = applied[variant_.key]
    await service.write(session, experiment, {"variant_configs": configs})
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
