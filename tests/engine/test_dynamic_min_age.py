"""`min_heavy_age` of process-dynamic-v1, run in the engine on a constructed scrape: a process
younger than the minimum is rolled up however heavy it is, an older one is kept whole, a young
critical one is kept too, and process.uptime (scraped only to tell the age) is never exported."""

from __future__ import annotations

from app.engine.pipeline import compile_pipeline
from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings
from app.engine.snapshot import Snapshot
from app.pipelines.render import render_template

NOW_S = 10_000.0
MiB = 1 << 20


def _process(pid: int, name: str, age_s: float, rss: int) -> ProcessSample:
    return ProcessSample(
        pid=pid,
        name=name,
        time_unix_nano=int(NOW_S * 1e9),
        create_time_ms=int((NOW_S - age_s) * 1e3),
        parent_pid=1,
        executable_path=f"/usr/bin/{name}",
        command_line=[name, str(pid)],
        owner="app",
        cpu=CpuTimes(1.0, 0.5, 0.0),
        rss=rss,
        vms=2 * rss,
        disk=DiskCounters(1, 2, 3, 4),
    )


def _kept_whole(min_heavy_age: str) -> dict[str, set[str]]:
    batch = ProcessMetricsBuilder(ScraperSettings.for_snapshot(), logical_cpus=2).build(
        [
            _process(10, "worker-old", age_s=600, rss=512 * MiB),
            _process(11, "worker-young", age_s=3, rss=512 * MiB),
            _process(12, "postgres", age_s=3, rss=1 * MiB),
            _process(13, "idle", age_s=600, rss=1 * MiB),
        ]
    )
    config = render_template(
        "process-dynamic-v1",
        {"cpu_threshold": 1.0, "memory_threshold_bytes": 256 * MiB, "min_heavy_age": min_heavy_age},
    ).config_yaml
    run = compile_pipeline(config).run(Snapshot(batch=batch, host="h", taken_at=NOW_S, source="file"))
    assert not run.errors, run.errors
    out: dict[str, set[str]] = {}
    for rm in run.output.resource_metrics:
        name = rm.resource.attributes.get("process.executable.name", rm.resource.attributes.get("phoenix.group"))
        out[name] = {m.name for sm in rm.scope_metrics for m in sm.metrics}
    return out


def test_young_heavy_processes_are_rolled_up() -> None:
    out = _kept_whole("30s")
    assert set(out) == {"worker-old", "postgres", "other"}  # worker-young and idle are in `other`
    assert all("process.uptime" not in metrics for metrics in out.values())
    assert "process.disk.io" in out["worker-old"]


def test_zero_min_age_keeps_every_heavy_process() -> None:
    out = _kept_whole("0s")
    assert set(out) == {"worker-old", "worker-young", "postgres", "other"}
    assert all("process.uptime" not in metrics for metrics in out.values())
