"""Who removed it: the behavioural check's replay of the last payload, one step at a time.

When the verdict run loses a critical process or delivers nothing, the config is compiled again,
brought to the same state with the earlier payloads, and the last payload is passed through each
pipeline's receiver view and then its processors one by one. The first receiver or processor after
which a critical `process.pid` is gone (or the batch is empty) is the one the finding names, with a
fix hint for its kind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from app.engine.components.processing import PayloadDropped
from app.engine.kpis import surviving_pids
from app.engine.ottl.gotime import pinned_now
from app.engine.pdata import MetricsBatch
from app.engine.pipeline import compile_pipeline
from app.engine.scraper.receiver_view import receiver_view
from app.validation.issues import PathParts
from app.validation.semantic.population import SyntheticHost


@dataclass
class Trace:
    lost_at: dict[int, PathParts] = field(default_factory=dict)  # critical pid -> who removed it
    emptied_at: PathParts | None = None


def trace(config_yaml: str, pipelines: list[str], host: SyntheticHost, pids: set[int]) -> Trace:
    """Replay the last payload one step at a time: who removes each of `pids`, who empties the batch."""
    compiled = compile_pipeline(config_yaml, pipelines=pipelines)
    for batch in host.scrapes[:-1]:
        compiled.run(batch)  # the same state the verdict run had
    batch = host.scrapes[-1]
    declared = compiled.config["service"]["pipelines"]
    found = Trace()
    for pipeline in compiled.pipelines:
        ids = [str(p) for p in declared[pipeline.pipeline_id].get("processors") or []]
        for rid in pipeline.receivers:
            current = receiver_view(batch, compiled.receivers[rid].settings)[0].deep_copy()
            alive = surviving_pids(current) & pids
            for pid in pids - alive:
                found.lost_at.setdefault(pid, ("receivers", rid, "scrapers", "process"))
            if not current.data_point_count() and found.emptied_at is None:
                found.emptied_at = ("receivers", rid, "scrapers", "process")
            with pinned_now(time.time_ns()):
                for processor_id, processor in zip(ids, pipeline.processors, strict=False):
                    try:
                        current = processor.process(current)
                    except PayloadDropped:
                        current = MetricsBatch()
                    now_alive = surviving_pids(current) & alive
                    for pid in alive - now_alive:
                        found.lost_at.setdefault(pid, ("processors", processor_id))
                    alive = now_alive
                    if not current.data_point_count():
                        if found.emptied_at is None:
                            found.emptied_at = ("processors", processor_id)
                        break
    return found


_FIX_HINTS = {
    "filter": "the filter processor DROPS what its conditions match: a keep-list is written as not (...), and "
    "criticals need their own not IsMatch(...) guard",
    "transform": "skip critical processes in the statements that strip process identity or roll up: "
    'where not IsMatch(resource.attributes["process.executable.name"], "<critical patterns>")',
    "receivers": "the process scraper's include/exclude leaves them out: include them, or exclude less",
}


def responsible(path: PathParts) -> str:
    """The component at `path` (a receiver or processor the replay found), as a message names it."""
    if path[0] == "receivers":
        return f"the process scraper of {path[1]}"
    return str(path[1]) if path[0] == "processors" else "the pipeline"


def fix_hint(path: PathParts) -> str:
    """How to stop the component at `path` removing what it removed; "" when the replay found none."""
    if path[0] == "service":
        return ""
    if path[0] == "receivers":
        return _FIX_HINTS["receivers"]
    kind = str(path[1]).split("/")[0]
    return _FIX_HINTS.get(
        kind, "keep critical processes out of this processor's reach (or out of the roll-up it feeds)"
    )
