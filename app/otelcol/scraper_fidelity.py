"""Scraper fidelity: the real process scraper and Phoenix's psutil scraper, on this host, moments apart.

Both run the same receiver config with every Linux process metric on. The collector writes two
scrapes (the second has cpu.utilization for every process it saw in the first) to a file exporter;
the engine scrapes twice the same way right after. What is compared: metric names and identity
(type, unit, temporality, monotonicity, int or double), datapoint attribute keys and values,
resource attribute keys, and, for the processes present in both, their identity attributes.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import yaml

from app.engine.collector import PROCESS_METRICS
from app.engine.pdata import MetricsBatch, NumberDataPoint
from app.engine.pipeline import compile_pipeline
from app.otelcol.process import CollectorProcess, free_port

LINUX_METRICS = sorted(name for name, m in PROCESS_METRICS.items() if m.platform in ("", "linux"))
STABLE_IDENTITY = (
    "process.pid",
    "process.parent_pid",
    "process.executable.name",
    "process.executable.path",
    "process.command",
    "process.command_line",
    "process.owner",
)


def receiver_config(collection_interval: str = "1s") -> dict[str, Any]:
    return {
        "collection_interval": collection_interval,
        "initial_delay": "0s",
        "scrapers": {
            "process": {
                "mute_process_all_errors": True,
                "metrics": {name: {"enabled": True} for name in LINUX_METRICS},
            }
        },
    }


def _collector_config(output: Path, health_port: int) -> str:
    return yaml.safe_dump(
        {
            "receivers": {"host_metrics": receiver_config()},
            "exporters": {"file": {"path": str(output), "format": "json"}},
            "extensions": {"health_check": {"endpoint": f"127.0.0.1:{health_port}"}},
            "service": {
                "extensions": ["health_check"],
                "telemetry": {"metrics": {"level": "none"}, "logs": {"level": "warn"}},
                "pipelines": {"metrics": {"receivers": ["host_metrics"], "exporters": ["file"]}},
            },
        }
    )


def _engine_config() -> str:
    return yaml.safe_dump(
        {
            "receivers": {"host_metrics": receiver_config()},
            "exporters": {"debug": {}},
            "service": {"pipelines": {"metrics": {"receivers": ["host_metrics"], "exporters": ["debug"]}}},
        }
    )


@dataclass
class FidelityReport:
    collector_metrics: dict[str, tuple] = field(default_factory=dict)
    engine_metrics: dict[str, tuple] = field(default_factory=dict)
    collector_resource_keys: set[str] = field(default_factory=set)
    engine_resource_keys: set[str] = field(default_factory=set)
    collector_pids: set[int] = field(default_factory=set)
    engine_pids: set[int] = field(default_factory=set)
    identity_mismatches: list[tuple[int, str, Any, Any]] = field(default_factory=list)
    # Processes alive through the whole window: in both collector scrapes and still running after.
    stable_pids: set[int] = field(default_factory=set)
    datapoint_attributes: dict[str, tuple[set, set]] = field(default_factory=dict)

    @property
    def common_pids(self) -> set[int]:
        return self.collector_pids & self.engine_pids

    @property
    def pid_agreement(self) -> float:
        union = self.collector_pids | self.engine_pids
        return len(self.common_pids) / len(union) if union else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "metrics_in_both": sorted(self.collector_metrics.keys() & self.engine_metrics.keys()),
            "metrics_only_collector": sorted(self.collector_metrics.keys() - self.engine_metrics.keys()),
            "metrics_only_engine": sorted(self.engine_metrics.keys() - self.collector_metrics.keys()),
            "metric_identity_differences": sorted(
                name
                for name in self.collector_metrics.keys() & self.engine_metrics.keys()
                if self.collector_metrics[name] != self.engine_metrics[name]
            ),
            "resource_keys_only_collector": sorted(self.collector_resource_keys - self.engine_resource_keys),
            "resource_keys_only_engine": sorted(self.engine_resource_keys - self.collector_resource_keys),
            "pids": {
                "collector": len(self.collector_pids),
                "engine": len(self.engine_pids),
                "both": len(self.common_pids),
                "agreement": round(self.pid_agreement, 4),
                "stable": len(self.stable_pids),
                "stable_seen_by_engine": len(self.stable_pids & self.engine_pids),
            },
            "identity_mismatches": len(self.identity_mismatches),
        }


def _describe(batch: MetricsBatch) -> tuple[dict[str, tuple], set[str], dict[int, dict], dict[str, set]]:
    metrics: dict[str, tuple] = {}
    resource_keys: set[str] = set()
    by_pid: dict[int, dict] = {}
    dp_attributes: dict[str, set] = {}
    for rm, _, metric in batch.iter_metrics():
        resource_keys |= set(rm.resource.attributes)
        pid = rm.resource.attributes.get("process.pid")
        if isinstance(pid, int):
            by_pid[pid] = rm.resource.attributes
        kinds = {type(dp.value).__name__ for dp in metric.data_points if isinstance(dp, NumberDataPoint)}
        metrics[metric.name] = (
            metric.type,
            metric.unit,
            metric.aggregation_temporality,
            metric.is_monotonic,
            tuple(sorted(kinds)),
        )
        for dp in metric.data_points:
            dp_attributes.setdefault(metric.name, set()).update((k, str(v)) for k, v in dp.attributes.items())
    return metrics, resource_keys, by_pid, dp_attributes


def compare_scrapes(collector: MetricsBatch, engine: MetricsBatch) -> FidelityReport:
    c_metrics, c_keys, c_pids, c_dp = _describe(collector)
    e_metrics, e_keys, e_pids, e_dp = _describe(engine)
    report = FidelityReport(c_metrics, e_metrics, c_keys, e_keys, set(c_pids), set(e_pids))
    for pid in sorted(report.common_pids):
        for key in STABLE_IDENTITY:
            if c_pids[pid].get(key) != e_pids[pid].get(key):
                report.identity_mismatches.append((pid, key, c_pids[pid].get(key), e_pids[pid].get(key)))
    report.datapoint_attributes = {name: (c_dp.get(name, set()), e_dp.get(name, set())) for name in c_dp | e_dp}
    return report


def scrape_both(binary: Path, timeout_s: float = 30.0) -> FidelityReport:
    """Two scrapes by the real collector, then two by the engine; their second scrapes compared."""
    health_port = free_port()
    process = CollectorProcess(binary, "", health_port=health_port)
    output = process.workdir / "scrapes.json"
    process.config_yaml = _collector_config(output, health_port)
    try:
        process.start()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            lines = output.read_text().splitlines() if output.exists() else []
            if len([line for line in lines if line.strip()]) >= 2:
                break
            time.sleep(0.1)
        process.stop()
        lines = [line for line in output.read_text().splitlines() if line.strip()]
    finally:
        process.cleanup()
    if len(lines) < 2:
        raise RuntimeError(f"the collector wrote {len(lines)} scrapes within {timeout_s:.0f}s")
    first, collector = (MetricsBatch.from_dict(json.loads(line)) for line in lines[:2])
    pipeline = compile_pipeline(_engine_config())
    pipeline.run_live()
    time.sleep(1.0)  # the collector's interval: cpu.utilization over the same span
    engine = pipeline.run_live().input
    report = compare_scrapes(collector, engine)
    report.stable_pids = {pid for pid in _describe(first)[2].keys() & report.collector_pids if psutil.pid_exists(pid)}
    return report
