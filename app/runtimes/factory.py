"""Builds the runtime the settings ask for."""

from __future__ import annotations

from typing import Any

from app.core.config import Settings
from app.core.leader import LeaderLock
from app.runtimes.base import Runtime
from app.runtimes.local import LocalRuntime


def build_runtime(settings: Settings) -> Runtime:
    if settings.runtime == "kubernetes":
        from app.analysis.prometheus import PrometheusClient
        from app.analysis.prometheus_source import PrometheusKpiSource
        from app.runtimes.kubernetes.runtime import KubernetesRuntime  # needs kubernetes_asyncio

        # Without Prometheus the kubernetes runtime deploys and reports status but has no KPIs.
        source = PrometheusKpiSource(PrometheusClient(settings.prometheus_url)) if settings.prometheus_url else None
        return KubernetesRuntime.from_settings(settings, kpi_source=source)
    return LocalRuntime()


def operator_supervisor(settings: Settings, leader: LeaderLock) -> Any:
    """The in-process operator loop for the kubernetes runtime (None for other runtimes)."""
    if settings.runtime != "kubernetes":
        return None
    from app.runtimes.kubernetes.operator import PipelineOperator
    from app.runtimes.kubernetes.supervisor import OperatorSupervisor

    return OperatorSupervisor(PipelineOperator.from_settings(settings), leader)
