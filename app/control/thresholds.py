"""The control laws of the dynamic and adaptive templates: pure functions of what was observed.

Dynamic (`process-dynamic-v1`): the CPU and memory thresholds move together along one ray (both
are scaled by the same factor), so one number, their level, orders them. The template's `tune`
can pin one of them (`memory`: only the memory threshold moves; `cpu`: only the CPU one). Output series fall as
the level rises, in steps, because processes with similar usage cross a threshold together.

- The law looks at the mean of the samples taken at the current thresholds (a host's output is
  noisy: processes come and go, CPU use wanders). Within the dead band (+/-5% of the target)
  nothing changes; a mean just outside it needs a second sample to confirm it first.
- Otherwise the observation becomes a bound: a level whose output was above the band is too low,
  one whose output was below it too high. Both together bracket the target.
- With a bracket, the next level is the geometric midpoint of its ends (bisection: a staircase
  cannot make it swing back and forth). Without one, the level is scaled by output/target, and
  the step is squared on each further step the same way (a flat stretch of the staircase would
  otherwise take many small steps to cross), at most x8 either way.
- When the bracket is too narrow to split, the target falls inside one step that no threshold
  can hold. The law then settles on the high end, under the budget, and stays there.

Adaptive (`process-adaptive-v1`): switch profile on process-count watermarks (the gap between
them is the hysteresis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

DEAD_BAND = 0.05
MAX_STEP = 8.0
NARROWEST = 1.02  # a bracket whose ends are within 2% of each other is not split further
FAR = 0.5  # a mean this far from the target (+/-50%) is acted on without a second sample
CONFIRM = 2
WINDOW = 10  # samples kept per threshold setting
MIN_CPU_THRESHOLD = 1e-4  # 0.01% of the host's CPUs
MIN_MEMORY_THRESHOLD = 512 << 10
MAX_MEMORY_THRESHOLD = 1 << 40


def _scaled(value: float, step: float, smallest: float, largest: float) -> float:
    """`value * step` within [smallest, largest]; 0 (keep everything) is reachable on the way down,
    and the way up from 0 starts at `smallest`, since scaling 0 goes nowhere."""
    if value <= 0:
        return smallest if step > 1 else 0.0
    scaled = value * step
    if scaled < smallest:
        return 0.0 if step < 1 else smallest
    return min(largest, scaled)


@dataclass(frozen=True)
class Thresholds:
    cpu: float
    memory: int
    tune: str = "both"  # which thresholds the law moves: both | memory | cpu

    @classmethod
    def of(cls, parameters: dict[str, Any]) -> Thresholds:
        cpu = float(parameters.get("cpu_threshold", 0.05))
        return cls(cpu, int(parameters.get("memory_threshold_bytes", 256 << 20)), str(parameters.get("tune", "both")))

    @property
    def level(self) -> tuple[float, float]:
        # Memory orders the ray when it moves: the CPU threshold reaches its cap (1.0) long before.
        return (self.cpu, self.memory) if self.tune == "cpu" else (self.memory, self.cpu)

    def _with(self, cpu: float, memory: float) -> Thresholds:
        return Thresholds(
            round(cpu, 6) if self.tune != "memory" else self.cpu,
            int(memory) if self.tune != "cpu" else self.memory,
            self.tune,
        )

    def scaled(self, step: float) -> Thresholds:
        return self._with(
            _scaled(self.cpu, step, MIN_CPU_THRESHOLD, 1.0),
            _scaled(self.memory, step, MIN_MEMORY_THRESHOLD, MAX_MEMORY_THRESHOLD),
        )

    def midpoint(self, higher: Thresholds) -> Thresholds:
        """The geometric midpoint towards `higher`; from zero (keep everything), half of `higher`."""
        if (self.tune != "cpu" and self.memory <= 0) or (self.tune != "memory" and self.cpu <= 0):
            return higher.scaled(0.5)
        return self._with(math.sqrt(self.cpu * higher.cpu), math.sqrt(self.memory * higher.memory))

    def ratio_to(self, higher: Thresholds) -> float:
        """How far apart two levels are; from zero, measured from the first level above it."""
        if self.tune == "cpu":
            return higher.cpu / max(self.cpu, MIN_CPU_THRESHOLD)
        return higher.memory / max(self.memory, MIN_MEMORY_THRESHOLD)

    def as_parameters(self) -> dict[str, Any]:
        return {"cpu_threshold": self.cpu, "memory_threshold_bytes": self.memory}

    def __str__(self) -> str:
        return f"cpu {self.cpu:g}, memory {self.memory / (1 << 20):.1f} MiB"


@dataclass
class Bracket:
    """What the law has learned about one deployment, for one target."""

    target: float
    too_low: Thresholds | None = None  # output was above the band here
    too_high: Thresholds | None = None  # output was below the band here
    streak: int = 0  # out-of-band observations in a row on the same side
    last_over: bool | None = None
    at: Thresholds | None = None  # the setting the samples below were taken at
    samples: list[float] = field(default_factory=list)

    def observe(self, current: Thresholds, output: float) -> tuple[float, int]:
        """Add a sample taken at `current`; the mean and count of the samples at that setting."""
        if current != self.at:
            self.at, self.samples = current, []
        self.samples = [*self.samples[-(WINDOW - 1) :], output]
        return sum(self.samples) / len(self.samples), len(self.samples)

    def learn(self, current: Thresholds, over: bool) -> None:
        """Record an out-of-band observation; drop an end that it contradicts (the population moved)."""
        self.streak = self.streak + 1 if over == self.last_over else 1
        self.last_over = over
        if over:
            self.too_low = current
            if self.too_high is not None and self.too_high.level <= current.level:
                self.too_high = None
        else:
            self.too_high = current
            if self.too_low is not None and self.too_low.level >= current.level:
                self.too_low = None


def retune(
    parameters: dict[str, Any], output_series: float, bracket: Bracket | None = None
) -> tuple[dict[str, Any] | None, str]:
    """New thresholds for a dynamic deployment, or None with the reason to hold.

    `bracket` carries what earlier calls learned for this deployment (updated in place); without
    one each call is a plain proportional step.
    """
    target = float(parameters.get("target_series_per_host", 200))
    current = Thresholds.of(parameters)
    bracket = bracket if bracket is not None else Bracket(target)
    mean, count = bracket.observe(current, output_series)
    seen = f"{output_series:.0f} series" if count == 1 else f"{mean:.0f} series (mean of {count} samples)"
    ratio = mean / target if target else 1.0
    if abs(ratio - 1) <= DEAD_BAND:
        return None, f"{seen} is within {DEAD_BAND:.0%} of the target {target:.0f}"
    if count < CONFIRM and abs(ratio - 1) <= FAR:
        return None, f"{seen} vs target {target:.0f}: waiting for a second sample to confirm"
    bracket.learn(current, over=ratio > 1)
    low, high = bracket.too_low, bracket.too_high
    if low is not None and high is not None:
        if low.ratio_to(high) < NARROWEST:
            if high == current:
                return None, (
                    f"{seen} vs target {target:.0f}: the target falls inside one step "
                    f"(just below: {low}); holding under the budget"
                )
            return high.as_parameters(), f"{seen} vs target {target:.0f}: settle under the budget"
        nxt = low.midpoint(high)
        return nxt.as_parameters(), f"{seen} vs target {target:.0f}: bisect to {nxt}"
    step = min(MAX_STEP, max(1 / MAX_STEP, ratio ** (2 ** min(bracket.streak - 1, 3))))
    return (
        current.scaled(step).as_parameters(),
        f"{seen} vs target {target:.0f}: thresholds x{step:.2f}",
    )


def switch_profile(parameters: dict[str, Any], processes: int) -> tuple[dict[str, Any] | None, str]:
    """The adaptive profile for this process count, or None with the reason to hold."""
    profile = parameters.get("profile", "conservative")
    up, down = (
        int(parameters.get("switch_up_process_count", 400)),
        int(parameters.get("switch_down_process_count", 250)),
    )
    if profile == "conservative" and processes > up:
        return {"profile": "aggressive"}, f"{processes} processes > {up}: aggressive profile"
    if profile == "aggressive" and processes < down:
        return {"profile": "conservative"}, f"{processes} processes < {down}: conservative profile"
    return None, f"{processes} processes: stay {profile} (switch up above {up}, down below {down})"
