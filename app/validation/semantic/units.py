"""Units: a threshold compared with the unit of the metric it reads.

The pinned process scraper's units (`app.engine.collector.PROCESS_METRICS`): `process.cpu.utilization`
is a 0-1 fraction of the whole host (unit `1`), memory is in bytes (`By`), `process.cpu.time` is
cumulative CPU seconds since the process started (`s`), and each metric has either int or double
points. A comparison is checked only where the expression narrows it to metric names
(`metric.name == "..." and value_double > 80`); an unnarrowed value test could be about any metric.
"""

from __future__ import annotations

from app.engine.collector import PROCESS_METRICS
from app.validation.codes import Code
from app.validation.issues import PathParts, ValidationIssue
from app.validation.semantic.config_view import ParsedConfig
from app.validation.semantic.findings import finding
from app.validation.semantic.ottl_facts import ValueComparison
from app.validation.source import YamlSource

MIB = 1024 * 1024
_FRACTIONS = ("process.cpu.utilization",)  # process.memory.utilization is 0-100 (gopsutil MemoryPercent)
_MEMORY = ("process.memory.usage", "process.memory.virtual")
_OPS = {
    ">": float.__gt__,
    ">=": float.__ge__,
    "<": float.__lt__,
    "<=": float.__le__,
    "==": float.__eq__,
    "!=": float.__ne__,
}


def _outcome(value: float, op: str, threshold: float) -> str:
    """Whether `value op threshold` holds, in words."""
    return "always holds" if _OPS[op](float(value), float(threshold)) else "never holds"


def _number(value: float) -> str:
    return f"{value:g}"


def _check(source: YamlSource, path: PathParts, c: ValueComparison) -> ValidationIssue | None:
    metrics = sorted(m for m in c.constraint or () if m in PROCESS_METRICS)
    if not metrics:
        return None
    types = {PROCESS_METRICS[m].value_type for m in metrics}
    n, shown = c.number, _number(c.number)
    if (types, c.field) in (({"double"}, "value_int"), ({"int"}, "value_double")):
        right = "value_double" if c.field == "value_int" else "value_int"
        return finding(
            source,
            path,
            Code.SEMANTIC_WRONG_VALUE_TYPE,
            f"{', '.join(metrics)} {'has' if len(metrics) == 1 else 'have'} {types.pop()} points, so {c.field} always "
            f"reads 0 here and `{c.field} {c.op} {shown}` {_outcome(0, c.op, n)}",
            f"compare {right}",
            column=c.column,
        )
    if set(metrics) <= set(_FRACTIONS) and n > 1:
        return finding(
            source,
            path,
            Code.SEMANTIC_PERCENT_THRESHOLD,
            f"process.cpu.utilization is a 0-1 fraction of the host's CPU (all cores together), not a percent: "
            f"`{c.field} {c.op} {shown}` {_outcome(1, c.op, n)}",
            f"write {_number(n / 100)} for {shown}%",
            column=c.column,
        )
    if set(metrics) <= set(_MEMORY) and 0 < n < MIB:
        return finding(
            source,
            path,
            Code.SEMANTIC_BYTES_THRESHOLD,
            f"{', '.join(metrics)} {'is' if len(metrics) == 1 else 'are'} in bytes: {shown} bytes is below 1 MiB, "
            "which almost every process passes; it looks like a figure in MiB or MB",
            f"{shown} MiB is {int(n * MIB)} bytes",
            severity="warning",
            column=c.column,
        )
    if metrics == ["process.cpu.time"] and 0 < n <= 1:
        return finding(
            source,
            path,
            Code.SEMANTIC_CUMULATIVE_THRESHOLD,
            f"process.cpu.time is cumulative CPU seconds since the process started, not a share of the CPU: "
            f"{shown} s is passed by almost every process that ever ran",
            "for the current load compare process.cpu.utilization (a 0-1 fraction; enable it in the scraper)",
            severity="warning",
            column=c.column,
        )
    return None


def check_units(source: YamlSource, parsed: ParsedConfig, processor_ids: list[str]) -> list[ValidationIssue]:
    """Thresholds that do not fit the unit (or the point type) of the metric they are compared with."""
    issues = []
    for processor_id in processor_ids:
        for expr in parsed.expressions(processor_id):
            for comparison in expr.facts.comparisons:
                issue = _check(source, expr.path, comparison)
                if issue is not None:
                    issues.append(issue)
    return issues
