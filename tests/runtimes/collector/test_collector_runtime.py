"""The local runtime on real `otelcol-phoenix` processes: side by side, measured, supervised, never orphaned.

These tests run real collectors scraping this host (the live host is the point: that is what a local
experiment measures). Every wait is bounded by a condition.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import psutil
import pytest

from app.otelcol.binary import binary_version
from app.pipelines.render import render_template
from app.runtimes.base import VariantDeployment, VariantSample, config_hash
from app.runtimes.collector.runtime import CollectorRuntime

CRITICAL = ("pytest", "python[0-9.]*")  # the process running this test is always on the host


def variant(template: str, label: str, *, interval: str = "2s", owner: str = "trial") -> VariantDeployment:
    parameters = {"collection_interval": interval, "variant": label, "critical_processes": list(CRITICAL)}
    config = render_template(template, parameters).config_yaml
    return VariantDeployment(owner, owner, label, config, template, {}, critical_processes=CRITICAL)


async def until(predicate: Callable[[], object], *, timeout_s: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout_s
    while not await _call(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        await asyncio.sleep(0.1)


async def _call(predicate: Callable[[], object]) -> object:
    result = predicate()
    return await result if asyncio.iscoroutine(result) else result


def alive(pid: int | None) -> bool:
    try:
        return pid is not None and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
async def runtime(otelcol_bin: Path, tmp_path: Path) -> AsyncIterator[CollectorRuntime]:
    rt = CollectorRuntime(otelcol_bin, base_dir=tmp_path / "collectors", supervise_interval_s=0.1)
    yield rt
    await rt.close()


async def test_baseline_and_candidate_run_side_by_side_and_are_measured(
    runtime: CollectorRuntime, otelcol_bin: Path
) -> None:
    baseline, candidate = variant("process-baseline-v1", "baseline"), variant("process-topk-v1", "candidate")
    await runtime.apply(baseline)
    await runtime.apply(candidate)
    await runtime.apply(candidate)  # idempotent: the same config is not restarted
    statuses = [await runtime.status(v) for v in (baseline, candidate)]
    assert [s.state for s in statuses] == ["ready", "ready"], statuses
    assert [s.config_hash for s in statuses] == [config_hash(baseline.config_yaml), config_hash(candidate.config_yaml)]
    pids = [runtime.collector_pid(v.key) for v in (baseline, candidate)]
    assert all(alive(pid) for pid in pids) and pids[0] != pids[1]
    assert psutil.Process(pids[0]).exe() == str(otelcol_bin)

    samples: dict[str, list[VariantSample]] = {baseline.key: [], candidate.key: []}

    async def two_each() -> bool:
        for key, sample in (await runtime.sample([baseline, candidate])).items():
            samples[key].append(sample)
        return all(len(s) >= 2 for s in samples.values())

    await until(two_each, timeout_s=90, what="two complete scrapes of each variant")
    for base, cand in zip(samples[baseline.key], samples[candidate.key], strict=False):
        for sample in (base, cand):
            assert sample.measured_by == binary_version(otelcol_bin)
            assert sample.input_processes > 0 and sample.input_series > 0
            assert sample.critical_processes_on_host >= 1
            assert sample.collector_cpu_cores >= 0
            assert sample.collector_peak_memory_bytes is not None and sample.collector_peak_memory_bytes > 10 * 2**20
            assert sample.memory_fidelity_error is not None and sample.memory_fidelity_error <= 1e-9
        assert base.output_series == base.input_series  # the baseline keeps every series
        assert base.critical_retention == cand.critical_retention == 1.0
        assert cand.output_series < base.output_series
        assert cand.output_data_points_per_minute < base.output_data_points_per_minute
    for key in samples:  # CPU between two samples: some window may hold no scrape, the run cannot
        assert sum(s.collector_cpu_cores for s in samples[key]) > 0
    # Each scrape is reported once.
    times = [s.extra["scrape_time"] for s in samples[baseline.key]]
    assert len(set(times)) == len(times)

    workdirs = [runtime._collectors[v.key].process.workdir for v in (baseline, candidate)]  # type: ignore[union-attr]
    await runtime.remove(baseline)
    await runtime.remove(candidate)
    await runtime.remove(candidate)  # already gone: fine
    assert not any(alive(pid) for pid in pids)
    assert not any(d.exists() for d in workdirs)
    assert (await runtime.status(baseline)).state == "absent"


async def test_a_collector_that_dies_is_reported_and_restarted(runtime: CollectorRuntime) -> None:
    deployment = variant("process-baseline-v1", "deployment", owner="prod")
    await runtime.apply(deployment)
    first = runtime.collector_pid(deployment.key)
    assert alive(first)
    os.kill(first, signal.SIGKILL)  # type: ignore[arg-type]

    async def failed() -> bool:
        status = await runtime.status(deployment)
        return status.state == "failed" and "exited with status -9" in status.message

    await until(failed, what="the crash to be reported")
    await until(lambda: alive(runtime.collector_pid(deployment.key)), what="the restart")
    status = await runtime.status(deployment)
    assert status.state == "ready" and "restarts 1" in status.message
    assert runtime.collector_pid(deployment.key) != first


async def test_a_config_edited_behind_phoenix_is_drift_and_reapply_restores_it(runtime: CollectorRuntime) -> None:
    deployment = variant("process-baseline-v1", "deployment", owner="prod")
    desired = config_hash(deployment.config_yaml)
    await runtime.apply(deployment)
    first = runtime.collector_pid(deployment.key)
    config_path = runtime._collectors[deployment.key].process.config_path  # type: ignore[union-attr]
    config_path.write_text(config_path.read_text() + "\n# edited by hand\n")

    drifted = await runtime.status(deployment)
    assert drifted.config_hash not in (None, desired)
    await runtime.apply(deployment)  # what the drift detector does with auto-remediation on
    restored = await runtime.status(deployment)
    assert restored.state == "ready" and restored.config_hash == desired
    assert runtime.collector_pid(deployment.key) != first and not alive(first)


async def test_a_config_the_collector_refuses_fails_with_its_error_and_is_retried(runtime: CollectorRuntime) -> None:
    broken = variant("process-baseline-v1", "candidate")
    config = broken.config_yaml.replace("check_interval: 1s", "check_interval: not-a-duration")
    assert config != broken.config_yaml
    broken = VariantDeployment("trial", "trial", "candidate", config, "process-baseline-v1", {})
    await runtime.apply(broken)
    status = await runtime.status(broken)
    assert status.state == "failed"
    assert "'check_interval' time: invalid duration" in status.message and "restarting in" in status.message
    assert runtime.collector_pid(broken.key) is None


async def test_a_config_that_cannot_be_measured_fails_without_retrying(runtime: CollectorRuntime) -> None:
    too_fast = variant("process-baseline-v1", "candidate", interval="1s")
    await runtime.apply(too_fast)
    await runtime.supervise_once()
    status = await runtime.status(too_fast)
    assert status.state == "failed" and "shorter than 2s" in status.message
    assert "restarting" not in status.message


CHILD = """
import asyncio, sys
from pathlib import Path
from app.pipelines.render import render_template
from app.runtimes.base import VariantDeployment
from app.runtimes.collector.runtime import CollectorRuntime

async def main():
    runtime = CollectorRuntime(Path(sys.argv[1]), base_dir=Path(sys.argv[2]))
    config = render_template("process-baseline-v1", {"collection_interval": "2s"}).config_yaml
    variant = VariantDeployment("prod", "prod", "deployment", config, "process-baseline-v1", {})
    await runtime.apply(variant)
    entry = runtime._collectors[variant.key]
    print(entry.process.pid, entry.process.workdir, flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


def test_no_collector_outlives_a_killed_phoenix(otelcol_bin: Path, tmp_path: Path) -> None:
    base = tmp_path / "collectors"
    env = {**os.environ, "PHOENIX_ENV": "dev"}
    phoenix = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(otelcol_bin), str(base)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        line = phoenix.stdout.readline()  # type: ignore[union-attr]  # bounded: the child exits on failure
        pid_text, workdir = line.split()
        collector = int(pid_text)
        assert alive(collector)
    finally:
        phoenix.kill()  # SIGKILL: no cleanup code runs in Phoenix
        phoenix.wait()
    deadline = time.monotonic() + 30
    while alive(collector) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(collector), "the collector outlived Phoenix"
    assert Path(workdir).exists()  # nobody removed it yet ...
    CollectorRuntime(otelcol_bin, base_dir=base)  # ... the next Phoenix does
    assert not Path(workdir).exists()
