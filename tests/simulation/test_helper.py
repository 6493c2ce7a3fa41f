"""The helper executables: built from their C sources for x86-64 and AArch64, they carry any name and
command line, an idle one costs a few KiB, an active one follows its CPU duty cycle and memory target,
both leave when the pipe from Phoenix closes, and without them (nor gcc) the simulator says what to do.

In CI (`CI=true`) a missing compiler, cross compiler or helper fails these tests; locally they skip."""

from __future__ import annotations

import os
import platform
import pwd
import shutil
import signal
import struct
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from app.core.errors import Conflict
from app.simulation import helper
from app.simulation.helper import (
    ELF_MACHINES,
    OWNER_MARKER,
    HelperUnavailable,
    build_helpers,
    control_message,
    helper_files,
    helper_supported,
    with_owner,
    write_helpers,
    write_simproc,
)
from app.simulation.models import SimulationCreate
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings
from tests.conftest import require_component

from .conftest import survivors, wait_until_gone

MiB = 1024 * 1024
CROSS_COMPILERS = {"x86_64": "x86_64-linux-gnu-gcc", "aarch64": "aarch64-linux-gnu-gcc"}
EM_AARCH64 = 183


@pytest.fixture(autouse=True)
def _needs_helper() -> None:
    """Replaces the package's skip: the build and refusal tests below run on any host."""


@pytest.fixture
def runnable() -> None:
    """This host runs the helpers (built by `make simhelpers`, or now with gcc)."""
    reason = helper_supported()
    if reason:
        require_component("the simulated-process helper", reason)


def compiler_for(arch: str) -> str:
    """gcc for this machine's architecture, the Debian cross compiler for the other one."""
    name = "gcc" if arch == helper.architecture() else CROSS_COMPILERS[arch]
    if shutil.which(name) is None:
        package = "gcc" if name == "gcc" else f"gcc-{arch.replace('_', '-')}-linux-gnu"
        require_component(name, f"install it with `apt-get install {package}`")
    return name


# -- the build --------------------------------------------------------------------------------------
class Elf:
    """The parts of an ELF64 little-endian executable's header and program headers the kernel loads."""

    PT_LOAD, PT_INTERP, PT_DYNAMIC, PT_GNU_STACK = 1, 3, 2, 0x6474E551
    PF_X, PF_W = 1, 2

    def __init__(self, data: bytes) -> None:
        assert data[:4] == b"\x7fELF", "not an ELF file"
        self.elf_class, self.data_encoding = data[4], data[5]
        self.type, self.machine = struct.unpack_from("<HH", data, 16)
        self.entry, phoff = struct.unpack_from("<QQ", data, 24)
        phentsize, phnum = struct.unpack_from("<HH", data, 54)
        self.segments = [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]

    def loads(self) -> list[tuple[int, ...]]:
        return [s for s in self.segments if s[0] == self.PT_LOAD]


def check_static_helper(path: Path, arch: str) -> Elf:
    elf = Elf(path.read_bytes())
    assert (elf.elf_class, elf.data_encoding) == (2, 1)  # 64-bit, little-endian
    assert elf.machine == ELF_MACHINES[arch]
    assert elf.type == 2  # ET_EXEC: statically linked, loaded where it was linked
    assert not [s for s in elf.segments if s[0] in (Elf.PT_INTERP, Elf.PT_DYNAMIC)]  # no loader, no libc
    (load,) = elf.loads()  # one read-only, executable segment: nothing writable is mapped from the file
    assert load[1] & Elf.PF_X and not load[1] & Elf.PF_W
    assert load[3] <= elf.entry < load[3] + load[5]  # the entry point is inside it
    (stack,) = [s for s in elf.segments if s[0] == Elf.PT_GNU_STACK]
    assert not stack[1] & Elf.PF_X  # a non-executable stack
    assert path.stat().st_size < 8192
    return elf


@pytest.mark.parametrize("arch", sorted(ELF_MACHINES))
def test_the_sources_compile_and_link_into_static_helpers_for_each_architecture(tmp_path: Path, arch: str) -> None:
    """x86-64 and AArch64 (e_machine 183) alike: a cross compiler checks the other one in CI."""
    simproc, watchdog = build_helpers(tmp_path, compiler_for(arch))
    check_static_helper(simproc, arch)
    check_static_helper(watchdog, arch)
    assert simproc.read_bytes().count(OWNER_MARKER) == 1
    if arch == "aarch64":
        assert Elf(simproc.read_bytes()).machine == EM_AARCH64


def test_the_arm64_helpers_obey_their_pipes_under_an_emulator(tmp_path: Path) -> None:
    """Runs only where qemu-user is installed (not required, even in CI): the AArch64 system calls
    do what the x86-64 ones do -- memory target, duty cycle, exit at end of file, the group's kill."""
    emulator = shutil.which("qemu-aarch64")
    if emulator is None or helper.architecture() == "aarch64":
        pytest.skip("qemu-aarch64 (Debian's qemu-user) runs the arm64 helpers on this host when installed")
    simproc, watchdog = build_helpers(tmp_path, compiler_for("aarch64"))
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([emulator, simproc], stdin=read_end, env={})
    os.close(read_end)
    try:
        time.sleep(0.5)
        seen = psutil.Process(proc.pid)
        idle_rss = seen.memory_info().rss  # the emulator's own memory, mostly
        os.write(write_end, control_message(reserve_bytes=32 * MiB, rss_bytes=16 * MiB, busy_ns=0, idle_ns=-1))
        time.sleep(0.5)
        assert abs(seen.memory_info().rss - idle_rss - 16 * MiB) < 2 * MiB
        os.write(
            write_end, control_message(reserve_bytes=32 * MiB, rss_bytes=0, busy_ns=50_000_000, idle_ns=50_000_000)
        )
        time.sleep(0.3)
        before = sum(seen.cpu_times()[:2])
        time.sleep(1.0)
        assert 0.3 <= sum(seen.cpu_times()[:2]) - before <= 0.7  # a 50 % duty cycle
        assert abs(seen.memory_info().rss - idle_rss) < 2 * MiB
    finally:
        os.close(write_end)
    assert proc.wait(timeout=5) == 0
    lifeline_r, lifeline_w = os.pipe()
    other_r, other_w = os.pipe()
    dog = subprocess.Popen([emulator, watchdog], stdin=lifeline_r, process_group=0)
    member = subprocess.Popen([emulator, simproc], stdin=other_r, process_group=dog.pid)
    os.close(lifeline_r)
    os.close(other_r)
    try:
        time.sleep(0.5)
        os.close(lifeline_w)
        assert member.wait(timeout=5) == -signal.SIGKILL and dog.wait(timeout=5) == -signal.SIGKILL
    finally:
        os.close(other_w)


def test_the_helpers_in_use_are_built_from_the_current_sources(tmp_path: Path, runnable: None) -> None:
    """A stale build (a source changed since `make simhelpers`) would fail here: the build is reproducible."""
    rebuilt = build_helpers(tmp_path, compiler_for(helper.architecture()))
    in_use = helper_files()
    stale = f"{in_use.simproc.parent} is older than app/simulation/helpers/: run `make simhelpers`"
    assert rebuilt.simproc.read_bytes() == in_use.simproc.read_bytes(), stale
    assert rebuilt.watchdog.read_bytes() == in_use.watchdog.read_bytes(), stale


def test_the_owner_is_patched_after_its_marker_and_nowhere_else(runnable: None) -> None:
    built = helper_files().simproc.read_bytes()
    at = built.index(OWNER_MARKER) + len(OWNER_MARKER)
    assert built[at : at + 8] == b"\xff" * 8  # as built: no owner change
    patched = with_owner(built, (1001, 1002))
    assert len(patched) == len(built)
    assert patched[at : at + 8] == struct.pack("<II", 1001, 1002)
    assert patched[:at] == built[:at] and patched[at + 8 :] == built[at + 8 :]
    assert with_owner(patched, None) == built
    with pytest.raises(HelperUnavailable, match="owner marker"):
        with_owner(b"\x7fELF" + bytes(100), (1, 1))


# -- where Phoenix finds them -----------------------------------------------------------------------
@pytest.fixture
def nothing_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No helpers in the place `make simhelpers` writes to."""
    location = tmp_path / "simhelpers"
    monkeypatch.setattr(helper, "BUILT_HELPERS", location)
    return location


def test_without_helpers_or_a_compiler_the_simulator_refuses_and_names_the_fix(
    nothing_built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty-path").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))  # no gcc on this PATH
    if platform.system() == "Linux":
        reason = helper_supported()
        assert reason is not None
        assert "not built" in reason and "install gcc" in reason and "make simhelpers" in reason
        with pytest.raises(HelperUnavailable, match="make simhelpers"):
            write_helpers(tmp_path)
    manager = SimulationManager(SimulationSettings(work_dir=tmp_path / "work", switch_owners=False))
    try:
        with pytest.raises(Conflict, match="cannot run simulated processes"):
            manager.start(SimulationCreate(profile="realistic"))
    finally:
        manager.shutdown()
    assert not nothing_built.exists()


def test_missing_helpers_are_built_on_first_use_when_gcc_is_installed(nothing_built: Path, tmp_path: Path) -> None:
    arch = helper.architecture()
    compiler_for(arch)
    assert helper_supported() is None
    assert sorted(p.name for p in (nothing_built / arch).iterdir()) == ["phoenix-sim-wd", "simproc"]
    simproc, watchdog = write_helpers(tmp_path)
    check_static_helper(simproc, arch)
    check_static_helper(watchdog, arch)


def test_an_unknown_architecture_is_refused_by_name() -> None:
    with pytest.raises(HelperUnavailable, match=r"x86_64.*riscv64"):
        helper.architecture("riscv64")
    assert helper.architecture("arm64") == "aarch64" and helper.architecture("AMD64") == "x86_64"


# -- what they do -----------------------------------------------------------------------------------
def _start(tmp_path: Path, name: str, argv: list[str], *, nonblocking: bool = False) -> tuple[subprocess.Popen, int]:
    simproc, _ = write_helpers(tmp_path)
    os.link(simproc, tmp_path / name)
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(argv, executable=tmp_path / name, stdin=read_end, env={}, process_group=0)
    os.close(read_end)
    if nonblocking:
        os.set_blocking(write_end, False)
    return proc, write_end


def test_a_hard_link_gives_the_process_its_name_and_any_command_line(tmp_path: Path, runnable: None) -> None:
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


def test_an_active_helper_follows_its_cpu_duty_cycle_and_memory_target(tmp_path: Path, runnable: None) -> None:
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


def test_a_short_or_garbled_message_is_ignored_and_the_helper_keeps_listening(tmp_path: Path, runnable: None) -> None:
    proc, write_end = _start(tmp_path, "nginx", ["nginx: worker process"], nonblocking=True)
    seen = psutil.Process(proc.pid)
    try:
        os.write(write_end, b"\x01" * 7)  # not 32 bytes: no order
        time.sleep(0.2)
        assert seen.status() == psutil.STATUS_SLEEPING and seen.memory_info().rss <= 64 * 1024
        os.write(write_end, control_message(reserve_bytes=8 * MiB, rss_bytes=6 * MiB, busy_ns=0, idle_ns=-1))
        time.sleep(0.3)
        assert abs(seen.memory_info().rss - 6 * MiB) < 1 * MiB
    finally:
        os.close(write_end)
    assert proc.wait(timeout=2) == 0


def test_the_watchdog_kills_its_whole_group_when_its_pipe_closes(tmp_path: Path, runnable: None) -> None:
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


def test_started_by_root_it_becomes_its_owner(tmp_path: Path, runnable: None) -> None:
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
        assert _supplementary_groups(proc.pid) == []  # root's groups are dropped
        assert Path(seen.exe()).name == "node_exporter"
    finally:
        os.close(write_end)
    assert proc.wait(timeout=2) == 0


def _supplementary_groups(pid: int) -> list[int]:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Groups:"):
            return [int(g) for g in line.split()[1:]]
    return []
