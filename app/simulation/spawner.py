"""The operating-system side of one simulation: its helper files, process group, spawns, kills and reaps.

Layout: `<base>/sim-<id>/` (mode 0700) holds `simproc`, the watchdog `phoenix-sim-wd` and one hard
link per simulated name in `bin/` -- the link's name is the process name. When Phoenix runs as root,
each profile owner with an account on the host gets its own `simproc` copy (which becomes that owner
as it starts) and links in `as-<uid>-<gid>/`, so every spawn is a cheap vfork+exec.

The watchdog is spawned first, in a new process group that every simulated process then joins;
Phoenix keeps the write end of a *lifeline* pipe that is the stdin of the watchdog and of every
idle process, and the write end of one control pipe per active process.

No orphans, whatever happens to Phoenix: `close()` kills the group and reaps it; if Phoenix dies
without closing (SIGKILL, OOM), the kernel closes its pipe ends, every helper sees end of file and
exits, and the watchdog kills the whole group. The environment of the simulated processes is empty,
so none of Phoenix's secrets can be read from `/proc/<pid>/environ`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pwd
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

from app.core import workdirs
from app.simulation.helper import SIMPROC_FILE, WATCHDOG_NAME, write_helpers, write_simproc
from app.simulation.population import SimProcess


class SpawnError(Exception):
    """A process could not be started (limits, a noexec directory, a vanished process group)."""


def _raise_open_files_limit() -> None:
    """Control pipes are file descriptors: lift the soft limit to the hard one (at most 65536)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65_536 if hard == resource.RLIM_INFINITY else min(hard, 65_536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def prepare_base_dir(base: Path) -> Path:
    """Create `base` (0700, ours) and remove simulation directories left by dead Phoenix processes."""
    try:
        return workdirs.prepare_base_dir(base, "sim-*")
    except workdirs.WorkDirError as exc:
        raise SpawnError(f"{exc}; set PHOENIX_SIM_WORK_DIR") from exc


def user_name(uid: int) -> str:
    """The account name of `uid`, or the number when it has none (containers running an arbitrary uid)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def simulation_id_of(directory: Path) -> str:
    return directory.name.removeprefix("sim-")


class ProcessSpawner:
    """Spawns, signals and reaps the processes of one simulation; `close()` leaves none behind."""

    def __init__(self, base_dir: Path, simulation_id: str, *, switch_owners: bool = True) -> None:
        self.dir = base_dir / f"sim-{simulation_id}"
        self._switch = switch_owners and os.geteuid() == 0
        self._owners: dict[str, tuple[int, int] | None] = {}
        self._links: dict[tuple[str, tuple[int, int] | None], Path] = {}
        self._simprocs: dict[tuple[int, int] | None, Path] = {}
        self._procs: dict[int, subprocess.Popen] = {}
        self._control: dict[int, int] = {}  # pid -> write end of its control pipe
        self.pgid: int | None = None
        self._watchdog: subprocess.Popen | None = None
        self._lifeline: tuple[int, int] | None = None

    # -- setup -----------------------------------------------------------------------------------
    def open(self) -> None:
        """Write the helpers and start the watchdog (the process group's leader)."""
        _raise_open_files_limit()
        self.dir.mkdir(mode=0o700)
        workdirs.write_owner(self.dir)
        (self.dir / "bin").mkdir(mode=0o700)
        self._simprocs[None], watchdog = write_helpers(self.dir)
        self._lifeline = os.pipe()
        try:
            self._watchdog = subprocess.Popen(
                [WATCHDOG_NAME, simulation_id_of(self.dir)],
                executable=str(watchdog),
                stdin=self._lifeline[0],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={},
                cwd="/",
                process_group=0,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpawnError(self._explain(exc)) from exc
        self.pgid = self._watchdog.pid

    def _explain(self, exc: OSError | subprocess.SubprocessError) -> str:
        code = getattr(exc, "errno", None)
        if code == errno.EACCES:
            return (
                f"cannot execute the simulator's helper in {self.dir} ({exc}); the directory may be on a "
                "noexec mount: set PHOENIX_SIM_WORK_DIR to a location that allows executing files"
            )
        if code in (errno.EAGAIN, errno.ENOMEM):
            return f"the host refused another process ({exc}): lower process_count or PHOENIX_SIM_MAX_PROCESSES"
        if code in (errno.EPERM, errno.ESRCH) and self._watchdog is not None:
            return "the simulation's process group is gone (its watchdog was killed)"
        return f"cannot start a simulated process: {exc}"

    def _link(self, name: str, account: tuple[int, int] | None) -> Path:
        """The executable whose name is `name` and which runs as `account` (None: as Phoenix's user)."""
        link = self._links.get((name, account))
        if link is None:
            simproc = self._simprocs.get(account)
            if simproc is None:
                folder = self.dir / f"as-{account[0]}-{account[1]}"  # type: ignore[index]
                folder.mkdir(mode=0o700)
                (folder / "bin").mkdir(mode=0o700)
                simproc = self._simprocs[account] = write_simproc(folder / SIMPROC_FILE, account)
            link = simproc.parent / "bin" / name  # names are validated: 1-15 characters, no '/'
            os.link(simproc, link)
            self._links[(name, account)] = link
        return link

    def owner_of(self, owner: str) -> tuple[int, int] | None:
        """(uid, gid) to run `owner`'s processes as, or None to run them as Phoenix's user (when that is
        the owner, when Phoenix is not root or owner switching is off, or when the account does not exist)."""
        if owner not in self._owners:
            account = None
            if self._switch:
                with contextlib.suppress(KeyError):
                    entry = pwd.getpwnam(owner)
                    if entry.pw_uid != os.geteuid():
                        account = (entry.pw_uid, entry.pw_gid)
            self._owners[owner] = account
        return self._owners[owner]

    def runs_as(self, owner: str) -> str:
        """The account `owner`'s processes run as on this host."""
        account = self.owner_of(owner)
        return user_name(account[0] if account else os.geteuid())

    # -- processes -------------------------------------------------------------------------------
    def spawn(self, proc: SimProcess, *, active: bool) -> int:
        """Start `proc` as a real process; active ones get a control pipe. Returns the real pid."""
        if self.pgid is None or self._lifeline is None:
            raise SpawnError("the simulation is not open")
        executable = self._link(proc.name, self.owner_of(proc.owner))
        read_end, write_end = os.pipe() if active else (self._lifeline[0], None)
        try:
            child = subprocess.Popen(
                proc.argv or [proc.name],
                executable=str(executable),
                stdin=read_end,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={},
                cwd="/",
                process_group=self.pgid,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            if write_end is not None:
                os.close(write_end)
            raise SpawnError(self._explain(exc)) from exc
        finally:
            if write_end is not None:
                os.close(read_end)
        self._procs[child.pid] = child
        if write_end is not None:
            os.set_blocking(write_end, False)
            self._control[child.pid] = write_end
        return child.pid

    def control(self, pid: int, message: bytes) -> bool:
        """Send a control message; False when the process is gone or not reading (never blocks)."""
        fd = self._control.get(pid)
        if fd is None:
            return False
        try:
            return os.write(fd, message) == len(message)
        except (BlockingIOError, BrokenPipeError):
            return False

    def end(self, pid: int) -> None:
        """End one simulated process (it is reaped by the next `reap`)."""
        if pid in self._procs:  # not yet reaped, so the pid cannot have been reused
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def reap(self) -> list[int]:
        """Collect every exited process of the group; returns the simulated pids that ended."""
        ended = []
        while self.pgid is not None and self._unreaped():
            try:
                pid, status = os.waitpid(-self.pgid, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            ended.extend(self._forget(pid, status))
        return ended

    def _forget(self, pid: int, status: int) -> list[int]:
        code = os.waitstatus_to_exitcode(status)
        if self._watchdog is not None and pid == self._watchdog.pid:
            self._watchdog.returncode = code
            return []
        child = self._procs.pop(pid, None)
        if child is not None:
            child.returncode = code
        fd = self._control.pop(pid, None)
        if fd is not None:
            os.close(fd)
        return [pid] if child is not None else []

    def _unreaped(self) -> bool:
        """Is any process of the group not reaped yet? Only then is `pgid` surely still ours: the kernel
        never reuses a process group id while a member, even a zombie, exists."""
        return bool(self._procs) or self.watchdog_alive()

    def watchdog_alive(self) -> bool:
        return self._watchdog is not None and self._watchdog.returncode is None

    @property
    def alive(self) -> int:
        """Simulated processes started and not yet reaped."""
        return len(self._procs)

    def pids(self) -> list[int]:
        return list(self._procs)

    # -- teardown --------------------------------------------------------------------------------
    def close(self, timeout: float = 5.0) -> list[int]:
        """Kill the whole group, reap it, remove the helper files; returns the pids that ended here."""
        ended: list[int] = []
        if self.pgid is not None and self._unreaped():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pgid, signal.SIGKILL)
            deadline = time.monotonic() + timeout
            while self._procs or self.watchdog_alive():
                ended.extend(self.reap())
                if not (self._procs or self.watchdog_alive()) or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
        for fd in self._control.values():
            os.close(fd)
        self._control.clear()
        if self._lifeline is not None:
            for fd in self._lifeline:
                os.close(fd)
            self._lifeline = None
        self.pgid = None  # the group id may be reused from now on
        shutil.rmtree(self.dir, ignore_errors=True)
        return ended
