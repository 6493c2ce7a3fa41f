"""Private working directories that never outlive their owner for long.

Each directory records the pid and start time of the Phoenix process that made it (`owner`). A
directory whose owner is gone (Phoenix was killed, the host rebooted) is stale: the next Phoenix that
prepares the same base removes it. Used by the simulator (`sim-*`) and the collector runtime
(`otelcol-*`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import psutil

OWNER_FILE = "owner"


class WorkDirError(OSError):
    """The base directory is not usable (not ours, a symlink)."""


def _owner_alive(directory: Path) -> bool:
    try:
        pid, started = (directory / OWNER_FILE).read_text().split()
        return abs(psutil.Process(int(pid)).create_time() - float(started)) < 1.0
    except (OSError, ValueError, psutil.Error):
        return False


def prepare_base_dir(base: Path, stale_glob: str) -> Path:
    """Create `base` (0700, ours) and remove the `stale_glob` directories left by dead Phoenix processes."""
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    if base.is_symlink() or base.stat().st_uid != os.geteuid():
        raise WorkDirError(f"{base} is not a directory owned by this user")
    base.chmod(0o700)
    for stale in base.glob(stale_glob):
        if not _owner_alive(stale):
            shutil.rmtree(stale, ignore_errors=True)
    return base


def make_owned_dir(base: Path, prefix: str) -> Path:
    """A new 0700 directory under `base` that names this process as its owner."""
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    os.chmod(directory, 0o700)
    write_owner(directory)
    return directory


def write_owner(directory: Path) -> None:
    (directory / OWNER_FILE).write_text(f"{os.getpid()} {psutil.Process().create_time()}")
