"""The two tiny executables behind every simulated process, built from C for this machine's architecture.

Why not `sleep`, a shell or Python: a simulated process must carry the profile's command line as its
argv (`postgres: 16/main: app appdb ...`), which every real tool would try to parse, and it must cost
almost nothing (2,000 idle interpreters would be gigabytes). So Phoenix carries its own helpers, in
`app/simulation/helpers/` (C, no C library: raw system calls for x86-64 and AArch64): statically
linked programs of about a kilobyte that ignore their arguments and environment. Hard-linked under the
simulated name, one is what `/proc/<pid>/comm`, `/proc/<pid>/exe` (basename) and `/proc/<pid>/cmdline`
show, so psutil and the collector read the simulated name. An idle one uses two or three pages.

`simproc` (the simulated process) takes orders on stdin, its control pipe: a 32-byte message
`<reserve, rss, busy_ns, idle_ns>` (`control_message`) sets the address space it reserves, the bytes
of it kept resident and its CPU duty cycle; end of file makes it exit, so when Phoenix dies every
simulated process leaves by itself. Started by root with an owner (uid, gid) patched into its copy
after `OWNER_MARKER`, it first becomes that owner (or exits with status 126), so Phoenix spawns every
process the cheap way (vfork) and still runs each as its profile's owner. The watchdog
(`phoenix-sim-wd`) reads the simulation's lifeline pipe and, at end of file, kills its own process
group -- every simulated process of the simulation. `simproc.c` and `watchdog.c` say the details.

Where they come from: `make simhelpers` (also a step of `make run` and `make test`, and of the image
build) writes them to `build/simhelpers/<arch>/`, `<arch>` being `x86_64` or `aarch64`. When they are
missing and a C compiler (gcc) is installed, Phoenix builds them there itself, once, on first use;
without either, `helper_supported()` says what to do and the simulator refuses to start.
"""

from __future__ import annotations

import os
import platform
import shutil
import struct
import subprocess
import threading
from pathlib import Path
from typing import NamedTuple

from app.core.config import REPO_ROOT

SOURCES = Path(__file__).resolve().parent / "helpers"
BUILD_SCRIPT = SOURCES / "build.sh"
BUILT_HELPERS = REPO_ROOT / "build" / "simhelpers"  # `make simhelpers` writes <arch>/ here
COMPILER = "gcc"  # what Phoenix builds missing helpers with, when it is installed

# platform.machine() spellings -> the architectures the sources are written for (ELF e_machine).
ARCHITECTURES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
ELF_MACHINES = {"x86_64": 62, "aarch64": 183}

SIMPROC_FILE = "simproc"
WATCHDOG_NAME = "phoenix-sim-wd"  # what `comm` (and so every scraper) shows for a simulation's watchdog
OWNER_MARKER = b"phoenix.owner.v1"  # in simproc.c: the owner's uid and gid (u32, little-endian) follow it
_NO_OWNER = (0xFFFFFFFF, 0xFFFFFFFF)

_build_lock = threading.Lock()


class HelperUnavailable(Exception):
    """No helper is built for this machine and none can be built here; the message says what to do."""


class HelperFiles(NamedTuple):
    simproc: Path
    watchdog: Path


def architecture(machine: str | None = None) -> str:
    """The helpers' architecture for `machine` (default: this one), or HelperUnavailable."""
    machine = (machine or platform.machine()).lower()
    try:
        return ARCHITECTURES[machine]
    except KeyError:
        known = ", ".join(sorted(set(ARCHITECTURES.values())))
        raise HelperUnavailable(
            f"the simulated-process helpers are written for {known}; this host is {machine or 'unknown'}"
        ) from None


def built_helpers(arch: str) -> HelperFiles:
    """Where `make simhelpers` puts the helpers of `arch`."""
    directory = BUILT_HELPERS / arch
    return HelperFiles(directory / SIMPROC_FILE, directory / WATCHDOG_NAME)


def build_helpers(out_dir: Path, compiler: str = COMPILER) -> HelperFiles:
    """Compile the helpers into `out_dir` with `compiler` (for its target architecture)."""
    done = subprocess.run(
        ["sh", str(BUILD_SCRIPT), str(out_dir), compiler], capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise HelperUnavailable(
            f"building the simulated-process helpers with {compiler} failed: {done.stderr.strip()[-800:]}"
        )
    return HelperFiles(out_dir / SIMPROC_FILE, out_dir / WATCHDOG_NAME)


def helper_files() -> HelperFiles:
    """This machine's helpers, built now with gcc if `make simhelpers` has not built them yet."""
    arch = architecture()
    files = built_helpers(arch)
    with _build_lock:
        if all(path.is_file() for path in files):
            return files
        if shutil.which(COMPILER) is None:
            raise HelperUnavailable(
                f"the simulated-process helpers for {arch} are not built ({files.simproc.parent} is missing them) "
                f"and no C compiler is installed to build them: install gcc and run `make simhelpers`"
            )
        try:
            return build_helpers(files.simproc.parent)
        except OSError as exc:  # e.g. a read-only installation
            raise HelperUnavailable(
                f"cannot build the simulated-process helpers in {files.simproc.parent} ({exc}): run `make simhelpers`"
            ) from exc


def helper_supported() -> str | None:
    """None when this host can run the helpers (building them first if need be); otherwise why not."""
    if platform.system() != "Linux":
        return f"simulated processes need Linux; this host runs {platform.system()}"
    try:
        helper_files()
    except HelperUnavailable as exc:
        return str(exc)
    return None


def with_owner(simproc: bytes, owner: tuple[int, int] | None) -> bytes:
    """`simproc`'s file, set to become `owner` (uid, gid) first when given (None: stay who started it)."""
    if simproc.count(OWNER_MARKER) != 1:
        raise HelperUnavailable(f"the simproc helper has no single owner marker {OWNER_MARKER!r}: rebuild it")
    at = simproc.index(OWNER_MARKER) + len(OWNER_MARKER)
    uid, gid = owner if owner is not None else _NO_OWNER
    return simproc[:at] + struct.pack("<II", uid & 0xFFFFFFFF, gid & 0xFFFFFFFF) + simproc[at + 8 :]


def _write(path: Path, content: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o700)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    path.chmod(0o500)
    return path


def write_simproc(path: Path, owner: tuple[int, int] | None = None) -> Path:
    """Write a `simproc` (mode 0500) that runs as `owner` (uid, gid) when started by root."""
    return _write(path, with_owner(helper_files().simproc.read_bytes(), owner))


def write_helpers(directory: Path) -> tuple[Path, Path]:
    """Write `simproc` (no owner change) and the watchdog into `directory`; returns their paths."""
    files = helper_files()
    simproc = _write(directory / SIMPROC_FILE, with_owner(files.simproc.read_bytes(), None))
    return simproc, _write(directory / WATCHDOG_NAME, files.watchdog.read_bytes())


def control_message(*, reserve_bytes: int, rss_bytes: int, busy_ns: int, idle_ns: int) -> bytes:
    """The 32-byte message `simproc` reads on its control pipe."""
    return struct.pack("<QQQq", max(0, reserve_bytes), max(0, rss_bytes), max(0, busy_ns), idle_ns)
