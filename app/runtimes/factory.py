"""Builds the runtime the settings ask for."""

from __future__ import annotations

from typing import Any

from app.core.config import Settings
from app.core.leader import LeaderLock
from app.otelcol.binary import CollectorUnavailable, configured_binary
from app.runtimes.base import Runtime
from app.runtimes.collector.runtime import CollectorRuntime
from app.runtimes.local import LocalRuntime


def build_runtime(settings: Settings) -> Runtime:
    if settings.runtime == "kubernetes":
        from app.runtimes.kubernetes.prometheus import PrometheusClient
        from app.runtimes.kubernetes.prometheus_kpis import PrometheusKpiSource
        from app.runtimes.kubernetes.runtime import KubernetesRuntime  # needs kubernetes_asyncio

        # Without Prometheus the kubernetes runtime deploys and reports status but has no KPIs.
        source = PrometheusKpiSource(PrometheusClient(settings.prometheus_url)) if settings.prometheus_url else None
        return KubernetesRuntime.from_settings(settings, kpi_source=source)
    return local_runtime(settings)


def local_runtime(settings: Settings) -> Runtime:
    """Real collector processes when a binary is available (or required), else the embedded engine."""
    if settings.local_measurement != "engine":
        binary = configured_binary(settings)
        if binary is not None:
            return CollectorRuntime(binary, host_root_path=settings.host_root_path)
        if settings.local_measurement == "collector":
            raise CollectorUnavailable(
                "PHOENIX_LOCAL_MEASUREMENT=collector but there is no collector binary: run `make collector` "
                "or set PHOENIX_OTELCOL_BIN"
            )
    return LocalRuntime()


def operator_supervisor(settings: Settings, leader: LeaderLock) -> Any:
    """The in-process operator loop for the kubernetes runtime (None for other runtimes)."""
    if settings.runtime != "kubernetes":
        return None
    from app.runtimes.kubernetes.operator import PipelineOperator
    from app.runtimes.kubernetes.supervisor import OperatorSupervisor

    return OperatorSupervisor(PipelineOperator.from_settings(settings), leader)
