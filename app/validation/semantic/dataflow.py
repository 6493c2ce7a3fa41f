"""Attribute dataflow: is there anything upstream that can produce the attribute a processor reads?

Walked per process-only metrics pipeline, processor by processor, with what is known to exist:
the process scraper's resource attributes (process identity, enabled ones only) and its datapoint
attributes per metric (`state` on cpu.time/cpu.utilization, `direction` on disk.io/operations,
`type` on paging.faults/context_switches), plus what upstream processors add (transform `set`,
attributes/resource `insert`/`upsert`/`extract`, resource detection, metricstransform labels) and
move (groupbyattrs takes datapoint attributes up to the resource). A map becomes *open* (anything
may be in it) after `merge_maps`/`flatten`, the `env` detector (resource only) or a processor
Phoenix does not model; reads of unknown keys in an open map are not reported.

Reported: process identity (or any resource value) read as a datapoint attribute, a scraper
datapoint attribute read from the resource, CPU/memory read as an attribute, a disabled resource
attribute, a key nothing produces, and a comparison with a value the scraper never emits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from app.engine.collector import (
    PROCESS_METRIC_MISNOMERS,
    PROCESS_METRICS,
    PROCESS_RESOURCE_ATTRIBUTES,
    PROCESS_SCRAPER_ATTRIBUTES,
)
from app.engine.components.resourcedetection.config import SYSTEM_ATTRIBUTES
from app.validation.codes import Code
from app.validation.issues import PathParts, ValidationIssue
from app.validation.semantic.config_view import ParsedConfig, PipelineView
from app.validation.semantic.findings import finding
from app.validation.semantic.matching import search
from app.validation.semantic.ottl_facts import AttributeRead, Constraint, ReadKind
from app.validation.source import YamlSource

_VALUE_WORDS = re.compile(r"(?:^|[._-])(?:cpu|mem|memory|rss|vms|utilization|usage|percent|pct)(?:$|[._-])", re.I)
_RESOURCE_PREFIXES = ("process.", "host.", "os.", "k8s.", "container.", "service.", "cloud.", "phoenix.")
_INERT = ("memory_limiter", "batch", "cumulative_to_delta", "filter")
_LIKELY = {
    "process.name": "process.executable.name",
    "process.exe": "process.executable.path",
    "process.executable": "process.executable.name",
    "process.cmdline": "process.command_line",
    "process.cmd": "process.command_line",
    "process.args": "process.command_line",
    "process.user": "process.owner",
    "process.username": "process.owner",
    "process.ppid": "process.parent_pid",
    "process.id": "process.pid",
}
"""Names people give process identity, with the scraper's real resource attribute."""
_NAMED_GROUP = re.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")


def looks_like_value(key: str) -> bool:
    """A key that names CPU or memory (a metric value), not an attribute."""
    return key in PROCESS_METRICS or key in PROCESS_METRIC_MISNOMERS or bool(_VALUE_WORDS.search(key))


@dataclass
class _State:
    resource: dict[str, str]  # key -> who sets it ("the process scraper", "processors.x")
    disabled: set[str]  # process resource attributes the scraper has turned off
    native: dict[str, tuple[str, ...]]  # enabled metric -> its datapoint attributes
    datapoint: dict[str, str] = field(default_factory=dict)  # keys processors add to datapoints
    moved: dict[str, str] = field(default_factory=dict)  # datapoint key -> groupbyattrs that moved it
    written: set[tuple[str, str]] = field(default_factory=set)  # (map, key) whose values a processor writes
    resource_open: bool = False
    datapoint_open: bool = False

    def write(self, map_name: str, key: str | None, who: str) -> None:
        if key is None:
            if map_name == "resource":
                self.resource_open = True
            else:
                self.datapoint_open = True
            return
        self.written.add((map_name, key))
        if map_name == "resource":
            self.resource.setdefault(key, who)
        else:
            self.datapoint.setdefault(key, who)
            self.moved.pop(key, None)

    def native_keys(self, constraint: Constraint) -> set[str]:
        """Datapoint keys the scraper emits on the metrics in scope (every enabled metric when unscoped)."""
        scoped = [m for m in constraint or () if m in self.native]
        if not scoped:  # unscoped, or a metric the scraper does not emit (the metric-name check says so)
            return {k for attrs in self.native.values() for k in attrs}
        return {k for m in scoped for k in self.native[m]}

    def is_resource_key(self, key: str) -> bool:
        return (
            key in self.resource
            or key in PROCESS_RESOURCE_ATTRIBUTES
            or key in SYSTEM_ATTRIBUTES
            or key.startswith(_RESOURCE_PREFIXES)
        )


class _Checker:
    def __init__(self, source: YamlSource, view: PipelineView) -> None:
        self.source = source
        self.issues: list[ValidationIssue] = []
        self.state = _State(
            resource={k: "the process scraper" for k in view.resource_attributes},
            disabled={k for k in PROCESS_RESOURCE_ATTRIBUTES if k not in view.resource_attributes},
            native={m: PROCESS_METRICS[m].attributes for m in view.metrics if m in PROCESS_METRICS},
        )

    def _report(self, path: PathParts, code: Code, message: str, hint: str, column: int | None, **kw: Any) -> None:
        self.issues.append(finding(self.source, path, code, message, hint, column=column, **kw))

    # --- datapoint attributes --------------------------------------------------------------------

    def datapoint(self, path: PathParts, read: AttributeRead, verb: str = "") -> None:
        state, key = self.state, read.key
        if state.datapoint_open or key in state.datapoint:
            return
        scoped = state.native_keys(read.constraint)
        written = f'attributes["{key}"]'
        if key in scoped:
            if key in state.moved:
                self._report(
                    path,
                    Code.SEMANTIC_UNKNOWN_ATTRIBUTE,
                    f"{written} is no longer a datapoint attribute here: {state.moved[key]} moved it to the resource",
                    f'read it as resource.attributes["{key}"]',
                    read.column,
                )
            elif read.kind == "read" and read.compared_with is not None:
                self._value(path, read)
            return
        if read.kind == "read" and looks_like_value(key):
            self._value_as_attribute(path, read, written)
        elif state.is_resource_key(key):
            self._identity_on_datapoint(path, read, verb)
        elif read.kind != "delete" and not read.nil_check:
            where = _scope_text(read.constraint)
            elsewhere = sorted(m for m, attrs in state.native.items() if key in attrs)
            if elsewhere:
                message = f"the process scraper emits {key!r} only on {', '.join(elsewhere)}, not on {where}"
            else:
                message = f"{written}: nothing upstream sets datapoint attribute {key!r} on {where}"
            known = sorted(scoped)
            hint = (
                f"the datapoint attributes there are {', '.join(known)}"
                if known
                else "those metrics have no attributes"
            )
            self._report(
                path,
                Code.SEMANTIC_UNKNOWN_ATTRIBUTE,
                message,
                hint,
                read.column,
                severity="error" if read.kind == "read" else "warning",
            )

    def _identity_on_datapoint(self, path: PathParts, read: AttributeRead, verb: str) -> None:
        key = read.key
        what = "process identity" if key.startswith("process.") else "a resource attribute"
        doing = (
            verb
            or {
                "read": f'attributes["{key}"] reads a datapoint attribute',
                "delete": f'this deletes datapoint attribute "{key}"',
                "keep": f'this keeps datapoint attribute "{key}"',
            }[read.kind]
        )
        self._report(
            path,
            Code.SEMANTIC_IDENTITY_ON_DATAPOINT,
            f"{doing}, but {key} is {what}: the process scraper puts it on the resource, so here it is always absent",
            f'use resource.attributes["{key}"]'
            + (
                "; to merge processes, delete their per-process resource attributes, then groupbyattrs (keys: []) "
                "and aggregate_on_attributes"
                if read.kind != "read"
                else ""
            ),
            read.column,
        )

    def _value_as_attribute(self, path: PathParts, read: AttributeRead, written: str) -> None:
        metric = PROCESS_METRIC_MISNOMERS.get(read.key, read.key if read.key in PROCESS_METRICS else None)
        if metric is None:
            metric = "process.memory.usage" if re.search(r"mem|rss|vms", read.key, re.I) else "process.cpu.utilization"
        field_name = "value_int" if PROCESS_METRICS[metric].value_type == "int" else "value_double"
        self._report(
            path,
            Code.SEMANTIC_VALUE_AS_ATTRIBUTE,
            f"{written} reads CPU or memory as an attribute, but no attribute {read.key!r} exists: "
            "CPU and memory are metric values",
            f'compare the datapoint value in the datapoint context: metric.name == "{metric}" and {field_name} > ...',
            read.column,
        )

    def _value(self, path: PathParts, read: AttributeRead) -> None:
        values = PROCESS_SCRAPER_ATTRIBUTES.get(read.key)
        if values is None or ("datapoint", read.key) in self.state.written or read.compared_with in values:
            return
        self._report(
            path,
            Code.SEMANTIC_UNKNOWN_ATTRIBUTE_VALUE,
            f"the process scraper never sets {read.key!r} to {read.compared_with!r}, so this comparison never holds",
            f"{read.key} is one of {', '.join(values)}",
            read.column,
        )

    # --- resource attributes ---------------------------------------------------------------------

    def resource(self, path: PathParts, read: AttributeRead) -> None:
        state, key = self.state, read.key
        if key in state.resource:
            return
        written = f'resource.attributes["{key}"]'
        if key in state.disabled:
            if read.kind == "read":
                self._report(
                    path,
                    Code.SEMANTIC_ATTRIBUTE_NOT_ENABLED,
                    f"{written} is always absent: the process scraper's resource attribute {key} is turned off",
                    f"enable it: receivers.<host_metrics>.scrapers.process.resource_attributes.{key}.enabled: true",
                    read.column,
                )
            return
        if read.kind == "read" and looks_like_value(key):
            self._value_as_attribute(path, read, written)
        elif key in PROCESS_SCRAPER_ATTRIBUTES and key not in state.moved:
            self._report(
                path,
                Code.SEMANTIC_DATAPOINT_ATTRIBUTE_ON_RESOURCE,
                f"{key!r} is a datapoint attribute of the process scraper, never a resource attribute: {written} "
                "is always absent",
                f'read it in the datapoint context as attributes["{key}"]',
                read.column,
            )
        elif read.kind == "read" and key.startswith("process."):
            close = [_LIKELY[key]] if key in _LIKELY else []
            close = close or difflib.get_close_matches(key, list(PROCESS_RESOURCE_ATTRIBUTES), n=1, cutoff=0.6)
            self._report(
                path,
                Code.SEMANTIC_UNKNOWN_ATTRIBUTE,
                f"the process scraper has no resource attribute {key!r}, and nothing upstream sets it",
                f'did you mean "{close[0]}"?'
                if close
                else f"its resource attributes are {', '.join(sorted(state.resource))}",
                read.column,
            )
        elif read.kind == "read" and not read.nil_check and not state.resource_open:
            self._report(
                path,
                Code.SEMANTIC_UNKNOWN_ATTRIBUTE,
                f"nothing upstream sets resource attribute {key!r} ({written} is always absent here)",
                "set it in an earlier processor (resource, transform or resource_detection), or read an attribute the "
                "process scraper emits",
                read.column,
            )

    # --- processors ------------------------------------------------------------------------------

    def read(self, path: PathParts, read: AttributeRead, verb: str = "") -> None:
        if read.map == "datapoint":
            self.datapoint(path, read, verb)
        else:
            self.resource(path, read)

    def ottl(self, parsed: ParsedConfig, processor_id: str) -> None:
        for expr in parsed.expressions(processor_id):
            for read in expr.facts.reads:
                self.read(expr.path, read)
            for map_name, key in expr.facts.writes:
                self.state.write(map_name, key, f"processors.{processor_id}")

    def actions(self, base: PathParts, map_name: str, actions: list[Any], who: str) -> None:
        for i, action in enumerate(actions):
            path = (*base, i)
            if action.from_attribute:
                self.read((*path, "from_attribute"), AttributeRead(map_name, action.from_attribute, None, None))  # type: ignore[arg-type]
            if action.key and action.action in ("delete", "hash", "convert", "update", "extract"):
                kind: ReadKind = "read" if action.action == "extract" else "delete"
                self.read((*path, "key"), AttributeRead(map_name, action.key, None, None, kind))  # type: ignore[arg-type]
            if action.action in ("insert", "upsert") and action.key:
                self.state.write(map_name, action.key, who)
            if action.action == "extract" and action.pattern:
                for name in _NAMED_GROUP.findall(action.pattern):
                    self.state.write(map_name, name, who)

    def groupbyattrs(self, processor_id: str, keys: list[str]) -> None:
        for i, key in enumerate(keys):
            path = ("processors", processor_id, "keys", i)
            state = self.state
            if state.datapoint_open or key in state.datapoint or key in state.native_keys(None):
                state.moved[key] = f"processors.{processor_id}"
                state.resource.setdefault(key, f"processors.{processor_id}")
                continue
            if state.is_resource_key(key):
                verb = "groupbyattrs moves datapoint attributes to the resource and groups by them"
                self._identity_on_datapoint(path, AttributeRead("datapoint", key, None, None, "keep"), verb)

    def metricstransform(self, processor_id: str, model: Any) -> None:
        for i, transform in enumerate(model.transforms):
            base = ("processors", processor_id, "transforms", i)
            constraint: Constraint = (
                frozenset({transform.include})
                if transform.match_type == "strict"
                else frozenset(m for m in PROCESS_METRICS if search(transform.include, m))
            )
            who = f"processors.{processor_id}"
            for j, op in enumerate(transform.operations or []):
                path = (*base, "operations", j)
                if op.label and op.action in ("update_label", "delete_label_value", "aggregate_label_values"):
                    self.read((*path, "label"), AttributeRead("datapoint", op.label, None, constraint, "keep"))
                for k, label in enumerate(op.label_set or []):
                    self.read((*path, "label_set", k), AttributeRead("datapoint", label, None, constraint, "keep"))
                if op.new_label:
                    self.state.write("datapoint", op.new_label, who)
            for key in transform.group_resource_labels or {}:
                self.state.write("resource", key, who)

    def resource_detection(self, model: Any) -> None:
        for detector in model.detectors:
            if detector != "system":
                self.state.resource_open = True  # env reads OTEL_RESOURCE_ATTRIBUTES; others vary
                continue
            toggles = (model.system.resource_attributes or {}) if model.system else {}
            for name, on in SYSTEM_ATTRIBUTES.items():
                toggle = toggles.get(name)
                if (toggle.enabled if toggle is not None else on) is True:
                    self.state.write("resource", name, "resource detection")


def _scope_text(constraint: Constraint) -> str:
    if constraint is None:
        return "any metric of this pipeline"
    return ", ".join(sorted(constraint))


def check_dataflow(source: YamlSource, view: PipelineView, parsed: ParsedConfig) -> list[ValidationIssue]:
    """Reads of attributes that nothing upstream of them produces, in one process-only pipeline."""
    checker = _Checker(source, view)
    for processor_id, type_, model in view.processors:
        if model is None:
            checker.state.resource_open = checker.state.datapoint_open = True
        elif type_ in ("filter", "transform"):
            checker.ottl(parsed, processor_id)
        elif type_ == "attributes":
            checker.actions(("processors", processor_id, "actions"), "datapoint", model.actions, processor_id)
        elif type_ == "resource":
            checker.actions(("processors", processor_id, "attributes"), "resource", model.attributes, processor_id)
        elif type_ == "groupbyattrs":
            checker.groupbyattrs(processor_id, model.keys)
        elif type_ == "metrics_transform":
            checker.metricstransform(processor_id, model)
        elif type_ == "resource_detection":
            checker.resource_detection(model)
        elif type_ not in _INERT:
            checker.state.resource_open = checker.state.datapoint_open = True
    return checker.issues
