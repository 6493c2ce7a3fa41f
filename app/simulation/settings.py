"""The simulator's knobs, read from `PHOENIX_SIM_*` environment variables.

They are the simulator's own (the core settings stay about the server): the per-host process cap,
how much CPU and memory the simulations' active processes may use together (patterns are scaled
down to fit, so simulations cannot take over a small CI machine), and where helper files live.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024


class SimulationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHOENIX_SIM_", extra="ignore", env_ignore_empty=True)

    # Simulated processes alive at once on this host, all simulations together (see capacity.host_cap:
    # never more than half of what the kernel, the user's RLIMIT_NPROC or the cgroup allow).
    max_processes: int = Field(3000, ge=1, le=100_000)
    # CPU the active processes of all simulations on this host may burn together, in cores (default: a
    # quarter of this host); each simulation's patterns are scaled to the share it was granted.
    cpu_cores: float | None = Field(None, gt=0, le=1024)
    # Resident memory the active processes of all simulations on this host may hold together.
    memory_bytes: int = Field(512 * MiB, ge=0)
    # Processes with a CPU or memory pattern get a control pipe; beyond this many per simulation they run idle.
    max_active: int = Field(256, ge=0, le=4096)
    # Run each process as its profile owner when Phoenix is root and that account exists.
    switch_owners: bool = True
    # Where per-simulation helper directories and the host ledger live (must allow executing files).
    work_dir: Path | None = None
    # Simulations kept in memory after they end (for GET), oldest dropped first.
    retain_finished: int = Field(50, ge=0, le=10_000)

    def effective_cpu_cores(self) -> float:
        return self.cpu_cores if self.cpu_cores is not None else max(0.1, 0.25 * (os.cpu_count() or 1))

    def base_dir(self) -> Path:
        """`<work_dir>/phoenix-sim-<uid>`: one per user, so users never share (or tamper with) each other's."""
        return (self.work_dir or Path(tempfile.gettempdir())) / f"phoenix-sim-{os.geteuid()}"
