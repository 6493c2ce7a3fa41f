"""The process scraper against the pinned metadata.yaml / process_scraper.go facts: names, units, types,
attributes, identity on the resource, cpu.utilization state, config toggles, filters, and no crash on
processes that vanish or deny access."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import psutil
import pytest

from app.engine.collector import PROCESS_METRICS, PROCESS_SCRAPER_SCOPE
from app.engine.components.hostmetrics.config import ProcessScraper as ProcessScraperConfig
from app.engine.scraper.builder import ProcessMetricsBuilder
from app.engine.scraper.process_scraper import ProcessScraper
from app.engine.scraper.psutil_reader import ProcessReader
from app.engine.scraper.receiver_view import receiver_view
from app.engine.scraper.samples import CpuTimes, DiskCounters, ProcessSample
from app.engine.scraper.settings import ScraperSettings

SECOND = 1_000_000_000


def _sample(pid: int, t_s: float, user: float, system: float = 0.0, name: str = "postgres") -> ProcessSample:
    return ProcessSample(
        pid=pid,
        name=name,
        time_unix_nano=int(t_s * SECOND),
        create_time_ms=1_000,
        parent_pid=1,
        executable_path=f"/usr/bin/{name}",
        command_line=[f"/usr/bin/{name}", "-D", "/data"],
        owner="postgres",
        cpu=CpuTimes(user, system, 0.0),
        rss=4096,
        vms=8192,
        disk=DiskCounters(1, 2, 3, 4),
        threads=3,
    )


def _settings(**metrics: bool) -> ScraperSettings:
    return ScraperSettings.from_config(
        ProcessScraperConfig.model_validate({"metrics": {name: {"enabled": on} for name, on in metrics.items()}})
    )


def test_defaults_emit_the_pinned_metrics_with_their_types_units_and_attributes() -> None:
    builder = ProcessMetricsBuilder(_settings(), logical_cpus=4)
    rm = builder.build([_sample(10, 100.0, 2.0, 1.0)]).resource_metrics[0]
    assert rm.resource.attributes == {
        "process.pid": 10,
        "process.parent_pid": 1,
        "process.executable.name": "postgres",
        "process.executable.path": "/usr/bin/postgres",
        "process.command": "/usr/bin/postgres",
        "process.command_line": "/usr/bin/postgres -D /data",
        "process.owner": "postgres",
    }
    scope = rm.scope_metrics[0]
    assert scope.scope_name == PROCESS_SCRAPER_SCOPE
    by_name = {m.name: m for m in scope.metrics}
    assert set(by_name) == {"process.cpu.time", "process.memory.usage", "process.memory.virtual", "process.disk.io"}
    for name, m in by_name.items():
        spec = PROCESS_METRICS[name]
        assert (m.unit, m.type, m.is_monotonic) == (spec.unit, spec.type, spec.monotonic)
        assert m.aggregation_temporality == "cumulative"
        assert all(dp.start_time_unix_nano == 1_000 * 1_000_000 for dp in m.data_points)  # process create time
    assert [dp.attributes["state"] for dp in by_name["process.cpu.time"].data_points] == ["user", "system", "wait"]
    assert [type(dp.value) for dp in by_name["process.memory.usage"].data_points] == [int]
    assert {dp.attributes["direction"]: dp.value for dp in by_name["process.disk.io"].data_points} == {
        "read": 1,
        "write": 2,
    }


def test_cpu_utilization_is_a_normalised_delta_and_absent_on_first_scrape() -> None:
    builder = ProcessMetricsBuilder(_settings(**{"process.cpu.utilization": True}), logical_cpus=4)
    first = builder.build([_sample(10, 100.0, 2.0)])
    assert "process.cpu.utilization" not in {m.name for m in first.resource_metrics[0].scope_metrics[0].metrics}
    second = builder.build([_sample(10, 110.0, 6.0, 2.0)])  # 4 user + 2 system seconds in 10 s on 4 CPUs
    util = next(m for m in second.resource_metrics[0].scope_metrics[0].metrics if m.name == "process.cpu.utilization")
    assert util.type == "gauge" and util.unit == "1"
    assert {dp.attributes["state"]: dp.value for dp in util.data_points} == {"user": 0.1, "system": 0.05, "wait": 0.0}


def test_the_utilization_state_of_a_vanished_pid_is_forgotten() -> None:
    builder = ProcessMetricsBuilder(_settings(**{"process.cpu.utilization": True}), logical_cpus=1)
    builder.build([_sample(10, 1.0, 1.0), _sample(11, 1.0, 1.0)])
    builder.build([_sample(11, 2.0, 1.5)])
    assert builder.tracker.known_pids() == {11}


def test_metric_toggles_and_resource_attribute_toggles() -> None:
    settings = ScraperSettings.from_config(
        ProcessScraperConfig.model_validate(
            {
                "metrics": {"process.disk.io": {"enabled": False}, "process.threads": {"enabled": True}},
                "resource_attributes": {"process.command_line": {"enabled": False}},
            }
        )
    )
    rm = ProcessMetricsBuilder(settings, 1).build([_sample(1, 1.0, 1.0)]).resource_metrics[0]
    names = {m.name for m in rm.scope_metrics[0].metrics}
    assert "process.disk.io" not in names and "process.threads" in names
    assert "process.command_line" not in rm.resource.attributes and "process.command" in rm.resource.attributes


def test_unreadable_owner_and_command_leave_their_attributes_out() -> None:
    sample = _sample(1, 1.0, 1.0)
    sample.owner, sample.command_line = None, None
    attributes = ProcessMetricsBuilder(_settings(), 1).build([sample]).resource_metrics[0].resource.attributes
    assert not {"process.owner", "process.command", "process.command_line"} & set(attributes)


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ({"include": {"names": ["postgres"], "match_type": "strict"}}, ["postgres"]),
        ({"include": {"names": ["^post"], "match_type": "regexp"}}, ["postgres"]),
        ({"exclude": {"names": ["gres"], "match_type": "regexp"}}, ["nginx"]),  # unanchored search
    ],
)
def test_include_exclude_match_the_executable_name(match: dict, expected: list[str]) -> None:
    settings = ScraperSettings.from_config(ProcessScraperConfig.model_validate(match))
    samples = [_sample(1, 1.0, 1.0, name="postgres"), _sample(2, 1.0, 1.0, name="nginx")]
    kept = [s.name for s in samples if settings.wants(s.name)]
    assert kept == expected
    snapshot = ProcessMetricsBuilder(ScraperSettings.for_snapshot(), 1).build(samples)
    view, _ = receiver_view(snapshot, settings)
    assert [rm.resource.attributes["process.executable.name"] for rm in view.resource_metrics] == expected


def test_receiver_view_drops_disabled_metrics_and_warns_about_unrecorded_ones() -> None:
    snapshot = ProcessMetricsBuilder(ScraperSettings.for_snapshot(), 1).build([_sample(1, 1.0, 1.0)])
    settings = _settings(**{"process.disk.io": False, "process.threads": True})
    view, warnings = receiver_view(snapshot, settings)
    assert "process.disk.io" not in {m.name for m in view.resource_metrics[0].scope_metrics[0].metrics}
    assert any("process.threads" in w for w in warnings)


def test_live_scrape_of_this_host() -> None:
    scraper = ProcessScraper(ScraperSettings.for_snapshot())
    first = scraper.scrape()
    assert first.report.processes_emitted > 0 and first.report.processes_listed >= first.report.processes_emitted
    me = next(rm for rm in first.batch.resource_metrics if rm.resource.attributes["process.pid"] == os.getpid())
    assert me.resource.attributes["process.executable.name"] == psutil.Process().name()
    time.sleep(0.3)  # long enough that 10 ms clock ticks cannot push a share above 1
    second = scraper.scrape()
    for rm in second.batch.resource_metrics:
        for m in rm.scope_metrics[0].metrics:
            if m.name == "process.cpu.utilization":
                assert 0.0 <= sum(dp.value for dp in m.data_points) <= 1.0 + 1e-9


def test_vanishing_and_access_denied_processes_are_counted_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    real = psutil.Process
    pids = psutil.pids()
    gone, denied = pids[-1], pids[-2]

    class Flaky(real):  # type: ignore[misc, valid-type]
        def name(self) -> str:
            if self.pid == gone:
                raise psutil.NoSuchProcess(self.pid)
            if self.pid == denied:
                raise psutil.AccessDenied(self.pid)
            return super().name()

    monkeypatch.setattr(psutil, "Process", Flaky)
    result = ProcessScraper(ScraperSettings.for_snapshot()).scrape()
    emitted = {rm.resource.attributes["process.pid"] for rm in result.batch.resource_metrics}
    assert gone not in emitted and denied not in emitted
    assert result.report.vanished >= 1 and result.report.unnamed >= 1 and result.report.access_denied >= 1


def test_a_deleted_executable_keeps_the_kernels_deleted_suffix(tmp_path: Path) -> None:
    # As the collector reads /proc/<pid>/exe (found by the scraper fidelity comparison with the real
    # 0.159.0 scraper; psutil's exe() strips the suffix).
    binary = tmp_path / "phoenix-sleeper"
    shutil.copy("/bin/sleep", binary)
    child = subprocess.Popen([str(binary), "30"])
    try:
        binary.unlink()
        batch = ProcessScraper(ScraperSettings.for_snapshot()).scrape().batch
        [mine] = [rm for rm in batch.resource_metrics if rm.resource.attributes["process.pid"] == child.pid]
        assert mine.resource.attributes["process.executable.path"] == f"{binary} (deleted)"
    finally:
        child.kill()
        child.wait()


def test_context_switches_count_every_thread_like_the_scraper_since_0_146() -> None:
    done = threading.Event()
    slept = [threading.Event() for _ in range(4)]

    def blocker(finished: threading.Event) -> None:
        for _ in range(50):
            time.sleep(0.001)  # each sleep is a voluntary switch of this thread, not of the lead one
        finished.set()
        done.wait(10)

    threads = [threading.Thread(target=blocker, args=(event,)) for event in slept]
    for thread in threads:
        thread.start()
    try:
        assert all(event.wait(30) for event in slept), "the threads did not finish their sleeps"
        settings = ScraperSettings.for_snapshot(["process.context_switches"])
        batch = ProcessScraper(settings).scrape().batch
        [me] = [rm for rm in batch.resource_metrics if rm.resource.attributes["process.pid"] == os.getpid()]
        [metric] = [m for m in me.scope_metrics[0].metrics if m.name == "process.context_switches"]
        voluntary = next(dp.value for dp in metric.data_points if dp.attributes["type"] == "voluntary")
        # 4 threads x 50 sleeps; slack of 40 for switches of the lead thread after the scrape.
        assert voluntary >= psutil.Process().num_ctx_switches().voluntary + 4 * 50 - 40
    finally:
        done.set()
        for thread in threads:
            thread.join()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"postgres: checkpointer   \x00\x00\x00", ["postgres: checkpointer   "]),  # a title rewritten in place
        (b"/usr/bin/python3\x00-m\x00app serve\x00", ["/usr/bin/python3", "-m", "app serve"]),
        (b"", []),  # a kernel thread
    ],
)
def test_the_command_line_is_split_as_gopsutil_splits_it(tmp_path: Path, raw: bytes, expected: list[str]) -> None:
    """On NULs only, never on spaces (psutil splits a space-padded title on spaces; the collector does not)."""
    proc = psutil.Process()
    (tmp_path / str(proc.pid)).mkdir()
    (tmp_path / str(proc.pid) / "cmdline").write_bytes(raw)
    reader = ProcessReader(ScraperSettings.for_snapshot(), procfs=str(tmp_path))
    assert reader._command_line(proc) == expected
