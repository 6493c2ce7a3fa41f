"""The helper executables: their bytes are their source, they carry any name and command line, an idle
one costs a few KiB, an active one follows its CPU duty cycle and memory target, and both leave when
the pipe from Phoenix closes."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from app.simulation.helper import (
    SIMPROC_SOURCE,
    SIMPROC_X86_64,
    WATCHDOG_SOURCE,
    WATCHDOG_X86_64,
    control_message,
    write_helpers,
    write_simproc,
)

from .conftest import survivors, wait_until_gone

MiB = 1024 * 1024


@pytest.mark.parametrize(("source", "code"), [(SIMPROC_SOURCE, SIMPROC_X86_64), (WATCHDOG_SOURCE, WATCHDOG_X86_64)])
def test_embedded_machine_code_is_the_assembled_source(tmp_path: Path, source: str, code: bytes) -> None:
    if not (shutil.which("as") and shutil.which("objcopy")):
        pytest.skip("GNU as/objcopy are needed to re-assemble the helper sources")
    (tmp_path / "h.S").write_text(source)
    subprocess.run(["as", "--64", "-o", tmp_path / "h.o", tmp_path / "h.S"], check=True)
    subprocess.run(["objcopy", "-O", "binary", "-j", ".text", tmp_path / "h.o", tmp_path / "h.bin"], check=True)
    assert (tmp_path / "h.bin").read_bytes() == code


def _start(tmp_path: Path, name: str, argv: list[str], *, nonblocking: bool = False) -> tuple[subprocess.Popen, int]:
    simproc, _ = write_helpers(tmp_path)
    os.link(simproc, tmp_path / name)
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(argv, executable=tmp_path / name, stdin=read_end, env={}, process_group=0)
    os.close(read_end)
    if nonblocking:
        os.set_blocking(write_end, False)
    return proc, write_end


def test_a_hard_link_gives_the_process_its_name_and_any_command_line(tmp_path: Path) -> None:
    argv = ["postgres:", "16/main:", "app", "appdb", "10.0.3.7(8001)", "idle"]
    proc, write_end = _start(tmp_path, "postgres", argv)
    try:
        time.sleep(0.1)
        seen = psutil.Process(proc.pid)
        assert seen.name() == "postgres"
        assert Path(seen.exe()).name == "postgres"
        assert seen.cmdline() == argv
        assert seen.status() == psutil.STATUS_SLEEPING
        assert seen.memory_info().rss <= 64 * 1024  # two or three pages: no interpreter, no libc
        assert seen.environ() == {}  # nothing of Phoenix's environment (secrets) leaks into it
    finally:
        os.close(write_end)  # end of file: it exits by itself
    assert proc.wait(timeout=2) == 0


def test_an_active_helper_follows_its_cpu_duty_cycle_and_memory_target(tmp_path: Path) -> None:
    proc, write_end = _start(tmp_path, "java", ["java", "-jar", "app.jar"], nonblocking=True)
    seen = psutil.Process(proc.pid)
    try:
        os.write(
            write_end,
            control_message(reserve_bytes=64 * MiB, rss_bytes=24 * MiB, busy_ns=25_000_000, idle_ns=75_000_000),
        )
        time.sleep(0.3)
        before = sum(seen.cpu_times()[:2])
        time.sleep(1.5)
        used = (sum(seen.cpu_times()[:2]) - before) / 1.5
        assert 0.15 <= used <= 0.35  # 25 % duty cycle
        assert abs(seen.memory_info().rss - 24 * MiB) < 1 * MiB
        os.write(write_end, control_message(reserve_bytes=64 * MiB, rss_bytes=4 * MiB, busy_ns=0, idle_ns=-1))
        time.sleep(0.3)
        before = sum(seen.cpu_times()[:2])
        time.sleep(0.5)
        assert sum(seen.cpu_times()[:2]) - before < 0.02  # idle again
        assert abs(seen.memory_info().rss - 4 * MiB) < 1 * MiB  # memory released (a sawtooth's drop)
    finally:
        os.close(write_end)
    assert proc.wait(timeout=2) == 0


def test_the_watchdog_kills_its_whole_group_when_its_pipe_closes(tmp_path: Path) -> None:
    simproc, watchdog = write_helpers(tmp_path)
    lifeline_r, lifeline_w = os.pipe()
    dog = subprocess.Popen(["wd"], executable=watchdog, stdin=lifeline_r, process_group=0)
    other_r, other_w = os.pipe()  # members whose own pipes stay open: only the watchdog can end them
    members = [
        subprocess.Popen(["m", str(i)], executable=simproc, stdin=other_r, process_group=dog.pid) for i in range(5)
    ]
    os.close(lifeline_r)
    os.close(other_r)
    try:
        time.sleep(0.1)
        watched = [psutil.Process(m.pid) for m in members]
        assert len(survivors(watched)) == 5
        os.close(lifeline_w)
        assert wait_until_gone(watched, 2.0) == []
        assert all(m.wait(timeout=2) == -signal.SIGKILL for m in members)
        assert dog.wait(timeout=2) == -signal.SIGKILL
    finally:
        os.close(other_w)


def test_started_by_root_it_becomes_its_owner(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can start a helper that becomes another user")
    nobody = pwd.getpwnam("nobody")
    (tmp_path / "as-nobody").mkdir()
    simproc = write_simproc(tmp_path / "as-nobody" / "simproc", (nobody.pw_uid, nobody.pw_gid))
    link = tmp_path / "as-nobody" / "node_exporter"
    os.link(simproc, link)
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(["node_exporter", "--path.rootfs=/host"], executable=link, stdin=read_end, env={})
    os.close(read_end)
    try:
        time.sleep(0.1)
        seen = psutil.Process(proc.pid)
        assert seen.username() == "nobody" and seen.name() == "node_exporter"
        assert set(seen.uids()) == {nobody.pw_uid} and set(seen.gids()) == {nobody.pw_gid}
        assert Path(seen.exe()).name == "node_exporter"
    finally:
        os.close(write_end)
    assert proc.wait(timeout=2) == 0
