"""A stand-in for a Phoenix process, for the orphan tests: it starts a simulation with the real manager,
prints its process group and pids as one JSON line once the population runs, and waits to be killed.

Usage: python -m tests.simulation.phoenix_like <work_dir> <profile> <process_count> <churn_rate>
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from app.simulation.models import SimulationCreate
from app.simulation.service import SimulationManager
from app.simulation.settings import SimulationSettings


def main() -> None:
    work_dir, profile, count, churn = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    manager = SimulationManager(
        SimulationSettings(work_dir=work_dir, cpu_cores=0.2, memory_bytes=16 * 1024 * 1024, switch_owners=False)
    )
    info = manager.start(SimulationCreate(profile=profile, process_count=count, churn_rate=churn, duration=300))
    while (info := manager.get(info.id)).status == "starting":
        time.sleep(0.02)
    time.sleep(0.5)  # let churn and retuning run for a moment
    info = manager.get(info.id)
    pids = sorted(manager.run(info.id).live_processes())
    print(json.dumps({"status": info.status, "process_group": info.process_group, "pids": pids}), flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
