"""What an active simulated process should be doing right now: its CPU duty cycle and resident memory.

A process is *active* when its group has a CPU pattern other than `idle` or a memory pattern other
than `steady`; everything else blocks and costs two pages. Active processes follow the very pattern
the synthetic snapshot integrates (`SimProcess.cpu_cores(t)`, `SimProcess.rss_bytes(t)`), scaled by
one factor per simulation so that its mean CPU and peak memory fit what the host ledger granted it
out of the host's simulation budgets (`PHOENIX_SIM_CPU_CORES`, `PHOENIX_SIM_MEMORY_BYTES`): shapes
are kept, absolute values shrink on a small or busy host.
One helper burns at most one core (it is single-threaded), so a 1.5-core pattern is capped at 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from app.simulation.helper import control_message
from app.simulation.population import SimProcess
from app.simulation.profiles import CpuPattern, LoadProfile, MemoryPattern, ProcessGroup

CYCLE_NS = 100_000_000  # one duty cycle: spin `duty` of it, wait the rest
_PAGE = 4096
_RSS_STEP = 16 * _PAGE  # memory targets move in 64 KiB steps, so steady patterns send nothing new
_BUSY_STEP_NS = 100_000


def is_active(group: ProcessGroup) -> bool:
    """Does this group's process need a control pipe (a CPU pattern, or memory that moves)?"""
    return group.cpu.kind != "idle" or group.memory.kind != "steady"


def mean_cores(cpu: CpuPattern) -> float:
    """Long-run average of a CPU pattern, in cores (idle patterns burn nothing in the simulator)."""
    if cpu.kind == "idle":
        return 0.0
    if cpu.kind == "spiky":
        return cpu.cores + cpu.amplitude * min(cpu.spike_s, cpu.period_s) / cpu.period_s
    return cpu.cores


def peak_rss(memory: MemoryPattern) -> float:
    """The most a memory pattern ever holds, in bytes (before the per-process factor)."""
    if memory.kind == "ramp":
        cap = memory.cap_bytes if memory.cap_bytes is not None else 4 * memory.rss_bytes
        return float(max(cap, memory.rss_bytes))
    if memory.kind == "sawtooth":
        return memory.rss_bytes + memory.growth_bytes_per_s * memory.period_s
    return float(memory.rss_bytes)


@dataclass(frozen=True)
class Demand:
    """What a simulation's active processes would use with their patterns as written."""

    cores: float  # mean CPU, in cores
    memory: float  # peak resident memory, in bytes


@dataclass(frozen=True)
class Scales:
    """Factors applied to every active process of one simulation (1.0: the pattern as written)."""

    cpu: float
    memory: float

    @classmethod
    def fit(cls, demand: Demand, *, cores: float, memory: float) -> Scales:
        """The factors that shrink `demand` into `cores` and `memory` (never above 1)."""
        cpu = 1.0 if demand.cores <= cores else max(0.0, cores) / demand.cores
        mem = 1.0 if demand.memory <= memory else max(0.0, memory) / demand.memory
        return cls(cpu=cpu, memory=mem)


def demand_of(profile: LoadProfile, long_lived: Iterable[SimProcess], *, max_active: int) -> Demand:
    """Mean CPU and peak memory of the active long-lived processes plus the churn expected alive at once."""
    cores = memory = 0.0
    active = [p for p in long_lived if is_active(p.group)][:max_active]
    for p in active:
        cores += mean_cores(p.group.cpu) * p.cpu_scale
        memory += peak_rss(p.group.memory) * p.memory_scale
    churn = [g for g in profile.groups if g.role == "churn"]
    if churn and profile.churn_rate > 0:
        total_weight = sum(g.weight for g in churn)
        for g in churn:
            if is_active(g):
                concurrent = profile.churn_rate * g.weight / total_weight * sum(g.lifetime_s) / 2
                cores += concurrent * mean_cores(g.cpu)
                memory += concurrent * peak_rss(g.memory)
    return Demand(cores=cores, memory=memory)


def target_message(proc: SimProcess, t: float, scales: Scales) -> bytes:
    """The control message that makes `proc`'s helper follow its pattern at simulation time t."""
    duty = min(1.0, max(0.0, proc.cpu_cores(t) * scales.cpu)) if proc.group.cpu.kind != "idle" else 0.0
    busy = round(duty * CYCLE_NS / _BUSY_STEP_NS) * _BUSY_STEP_NS
    idle = CYCLE_NS - busy if busy > 0 else -1
    reserve = math.ceil(peak_rss(proc.group.memory) * proc.memory_scale * scales.memory / _PAGE) * _PAGE
    rss = round(proc.rss_bytes(t) * scales.memory / _RSS_STEP) * _RSS_STEP
    if busy >= CYCLE_NS:
        busy, idle = CYCLE_NS, 0
    return control_message(reserve_bytes=reserve, rss_bytes=min(rss, reserve), busy_ns=busy, idle_ns=idle)
