"""Which processes a list of critical patterns protects on a host: the "matches on this host" list
shown while patterns are typed. The rule is the engine's (`app.engine.critical`), the same one the
rendered configs and the retention KPI use; the snapshot (live host or simulated profile) is taken
in the compute pool, as for a preview."""

from __future__ import annotations

from pydantic import Field

from app.core import workers
from app.core.models import StrictModel
from app.engine.collector import EXECUTABLE_NAME
from app.engine.critical import critical_matcher, matches_by_pattern
from app.engine.critical_patterns import CriticalPatterns, default_patterns_field
from app.pipelines.models import NAMES_SHOWN, CriticalMatchesRead, NameCount, PatternMatches
from app.pipelines.preview import LiveSnapshot, SimulatedSnapshot, snapshot_of


class CriticalMatchesRequest(StrictModel):
    critical_processes: CriticalPatterns = default_patterns_field()
    snapshot: LiveSnapshot | SimulatedSnapshot = Field(
        default_factory=lambda: SimulatedSnapshot(kind="simulated"), discriminator="kind"
    )


async def critical_matches(request: CriticalMatchesRequest) -> CriticalMatchesRead:
    return await workers.run(_match, request.snapshot, list(request.critical_processes))


def _match(spec: LiveSnapshot | SimulatedSnapshot, patterns: list[str]) -> CriticalMatchesRead:
    """The CPU-bound part (the snapshot and the matching), in a compute worker."""
    snapshot = snapshot_of(spec)
    names = [rm.resource.attributes.get(EXECUTABLE_NAME) for rm in snapshot.batch.resource_metrics]
    by_pattern = matches_by_pattern(names, patterns)
    is_critical = critical_matcher(patterns)
    found = [
        PatternMatches(
            pattern=pattern,
            processes=sum(counts.values()),
            names=[NameCount(name=n, processes=c) for n, c in counts.most_common(NAMES_SHOWN)],
        )
        for pattern, counts in by_pattern.items()
    ]
    return CriticalMatchesRead(
        host=snapshot.host,
        snapshot_source=snapshot.source,
        total_processes=snapshot.process_count(),
        critical_processes=sum(1 for name in names if is_critical(name)),
        patterns=found,
        unmatched_patterns=[p.pattern for p in found if not p.processes],
    )
