"""Drift detection: is what runs what Phoenix decided, and does it still do what was measured?

- config drift: a runtime runs a config whose hash differs from the one Phoenix last applied
  (someone edited a ConfigMap or custom resource, or a runtime came back with an old config);
  recommended action `reapply`, done automatically when auto-remediation is on;
- KPI drift: a deployment promoted from an experiment now produces output series that differ from
  the promoted variant's measured mean by more than the threshold, or loses critical processes;
  recommended action `rerun_experiment` (or `rollback` when critical processes are lost).

Every active deployment is sampled each pass for this; the latest sample of each is kept in `live`
(`GET /api/v1/control/deployments/live`), what the overview shows as a deployment's live KPIs.

A report stays open while the drift lasts (no duplicates) and is resolved when it is gone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.control.models import DeploymentLiveRead, DriftReport
from app.core.db_outage import OutageGuard
from app.core.jobs import JobContext
from app.core.leader import LeaderLock
from app.deployments import service as deployments
from app.deployments.models import Deployment, DeploymentStatus
from app.experiments.flows.variants import applied_hashes, variants
from app.experiments.models import Experiment
from app.experiments.phases import Phase
from app.runtimes.base import Runtime, VariantDeployment, VariantSample

log = logging.getLogger(__name__)


@dataclass
class Subject:
    variant: VariantDeployment
    desired_hash: str
    deployment: Deployment | None = None
    experiment_id: str | None = None


class DriftDetector:
    def __init__(self, ctx: JobContext[Runtime], leader: LeaderLock) -> None:
        self.ctx = ctx
        self.leader = leader
        self._outage = OutageGuard("drift")
        # Deployment id -> its latest live sample (active deployments only; empty off the leader).
        self.live: dict[str, DeploymentLiveRead] = {}

    async def _subjects(self, session: AsyncSession) -> list[Subject]:
        subjects = []
        for deployment in (
            await session.execute(
                select(Deployment).where(
                    Deployment.status == DeploymentStatus.active, Deployment.applied_hash.is_not(None)
                )
            )
        ).scalars():
            subjects.append(Subject(deployments.as_variant(deployment), str(deployment.applied_hash), deployment))
        for experiment in (
            await session.execute(select(Experiment).where(Experiment.phase.in_([Phase.deploying, Phase.running])))
        ).scalars():
            applied_by_key = applied_hashes(experiment)
            for variant in variants(experiment):
                applied = applied_by_key.get(variant.key)
                if applied:
                    subjects.append(Subject(variant, applied, experiment_id=experiment.id))
        return subjects

    async def _open(self, session: AsyncSession) -> dict[tuple[str, str], DriftReport]:
        rows = (await session.execute(select(DriftReport).where(DriftReport.resolved_at.is_(None)))).scalars()
        return {(r.subject, r.kind): r for r in rows}

    def _report(
        self, session: AsyncSession, subject: Subject, kind: str, score: float, metrics: dict[str, Any], action: str
    ) -> DriftReport:
        report = DriftReport(
            kind=kind,
            subject=subject.variant.key,
            score=score,
            metrics=metrics,
            recommended_action=action,
            detected_at=self.ctx.now(),
            deployment_id=subject.deployment.id if subject.deployment else None,
            experiment_id=subject.experiment_id
            or (subject.deployment.source_experiment_id if subject.deployment else None),
        )
        session.add(report)
        return report

    async def _config_drift(
        self, session: AsyncSession, subjects: list[Subject], open_reports: dict[tuple[str, str], DriftReport]
    ) -> list[DriftReport]:
        found = []
        for subject in subjects:
            status = await self.ctx.runtime.status(subject.variant)
            running = status.config_hash
            drifted = status.state != "absent" and running is not None and running != subject.desired_hash
            report = open_reports.get((subject.variant.key, "config"))
            if not drifted:
                if report is not None:
                    report.resolved_at = self.ctx.now()
                continue
            if report is None:
                report = self._report(
                    session,
                    subject,
                    "config",
                    1.0,
                    {"desired_hash": subject.desired_hash, "running_hash": running},
                    "reapply",
                )
                found.append(report)
            if self.ctx.settings.drift_auto_remediate:
                await self.ctx.runtime.apply(subject.variant)  # the desired config, as Phoenix applied it
                report.remediated = True
        return found

    async def _kpi_drift(
        self, session: AsyncSession, subjects: list[Subject], open_reports: dict[tuple[str, str], DriftReport]
    ) -> list[DriftReport]:
        active = [s for s in subjects if s.deployment is not None]
        samples = await self.ctx.runtime.sample([s.variant for s in active]) if active else {}
        self._keep_live(active, samples)
        promoted = [s for s in active if s.deployment.source_experiment_id]  # type: ignore[union-attr]
        expected: dict[str, tuple[float, float]] = {}
        for subject in promoted:
            experiment = await session.get(Experiment, subject.deployment.source_experiment_id)  # type: ignore[union-attr]
            if experiment and experiment.results and experiment.promoted_variant:
                kpis = experiment.results["variants"][experiment.promoted_variant]["kpis"]
                worst_retention = kpis["critical_retention"]["min"]
                if kpis["output_series"]["mean"]:
                    expected[subject.variant.key] = (
                        kpis["output_series"]["mean"],
                        1.0 if worst_retention is None else worst_retention,
                    )
        found = []
        for subject in promoted:
            sample = samples.get(subject.variant.key)
            if sample is None or subject.variant.key not in expected:
                continue
            series, retention = expected[subject.variant.key]
            deviation = abs(sample.output_series - series) / series
            lost = sample.critical_retention < retention
            report = open_reports.get((subject.variant.key, "kpi"))
            if deviation <= self.ctx.settings.drift_kpi_threshold and not lost:
                if report is not None:
                    report.resolved_at = self.ctx.now()
                continue
            if report is None:
                metrics = {
                    "expected_output_series": series,
                    "live_output_series": sample.output_series,
                    "deviation": deviation,
                    "expected_critical_retention": retention,
                    "live_critical_retention": sample.critical_retention,
                    "threshold": self.ctx.settings.drift_kpi_threshold,
                }
                found.append(
                    self._report(
                        session,
                        subject,
                        "kpi",
                        min(1.0, max(deviation, 1.0 if lost else 0.0)),
                        metrics,
                        "rollback" if lost else "rerun_experiment",
                    )
                )
        return found

    def _keep_live(self, active: list[Subject], samples: dict[str, VariantSample]) -> None:
        now = self.ctx.now()
        live = {}
        for subject in active:
            sample, deployment = samples.get(subject.variant.key), subject.deployment
            if sample is not None and deployment is not None:
                live[deployment.id] = DeploymentLiveRead(
                    **sample.kpi_values(),
                    deployment_id=deployment.id,
                    deployment_name=deployment.name,
                    taken_at=now,
                )
        self.live = live

    async def tick(self) -> list[DriftReport]:
        """One detection pass; returns the reports opened by it (none while the database is
        unreachable: the pass is skipped and its reports, uncommitted, are not half-written)."""
        return await self._outage.run(self._tick, lambda _exc: [])

    async def _tick(self) -> list[DriftReport]:
        if not await self.leader.ensure():
            return []
        async with self.ctx.sessionmaker() as session:
            subjects = await self._subjects(session)
            open_reports = await self._open(session)
            found = await self._config_drift(session, subjects, open_reports)
            found += await self._kpi_drift(session, subjects, open_reports)
            await session.commit()
            for report in found:
                log.warning(
                    "drift on %s (%s): score %.2f, recommended %s",
                    report.subject,
                    report.kind,
                    report.score,
                    report.recommended_action,
                )
            return found
