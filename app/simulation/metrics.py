"""The simulator's own Prometheus metrics (`phoenix_sim_*`), in the default registry served on `/metrics`.

Labelled by simulation id and profile, so a dashboard can put the population a pipeline was tested
against next to the pipeline's KPIs. `forget` drops a finished simulation's series when it leaves
memory, so the label sets stay bounded.
"""

from __future__ import annotations

import contextlib

from prometheus_client import Counter, Gauge

_LABELS = ("simulation", "profile")

PROCESSES_ACTIVE = Gauge("phoenix_sim_processes_active", "Simulated processes alive now", _LABELS)
PROCESSES_STARTED = Counter("phoenix_sim_processes_started", "Simulated processes started", _LABELS)
PROCESSES_EXITED = Counter("phoenix_sim_processes_exited", "Simulated processes that ended", _LABELS)
CHURN_RATE = Gauge(
    "phoenix_sim_churn_rate",
    "Simulated processes started per second after the initial population (restarts and churn), last 10 s",
    _LABELS,
)


def forget(simulation: str, profile: str) -> None:
    for metric in (PROCESSES_ACTIVE, PROCESSES_STARTED, PROCESSES_EXITED, CHURN_RATE):
        with contextlib.suppress(KeyError):
            metric.remove(simulation, profile)
