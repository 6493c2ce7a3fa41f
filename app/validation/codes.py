"""Every finding the validator can report, defined once: its stable code, tier, default severity,
who refuses it, what it means, how to fix it, and a minimal config that triggers it.

Findings are made with `finding(Code.X, ...)`, so a code cannot be misspelled. The families:

- `parse.*`, `schema.*`, `graph.*`, `ottl.*`: the pinned collector refuses the config (errors;
  `parse.limit` and `schema.ignored_key` say otherwise, as their entries show);
- `collector.*`: what the real binary's own `validate` said (tier otelcol);
- `policy.*`: Phoenix's own rules for process pipelines; the collector loads such a config, so they
  are warnings, and errors only in strict mode (`validate_config(..., strict=True)`);
- `semantic.*`: the collector loads the config but it would not do what it says (errors);
- `coverage.*`: what Phoenix could not check, named so it is never silently passed (warnings; only
  the collector can decide, so they count as the collector's).

`docs/validation.md` is generated from this table: `python -m app.validation.codes`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from app.validation.issues import PathParts, RefusedBy, Severity, Tier, ValidationIssue, format_path


class Code(StrEnum):
    PARSE_YAML = "parse.yaml"
    PARSE_DUPLICATE_KEY = "parse.duplicate_key"
    PARSE_LIMIT = "parse.limit"
    PARSE_NOT_MAPPING = "parse.not_mapping"
    SCHEMA_UNKNOWN_KEY = "schema.unknown_key"
    SCHEMA_MISSING_KEY = "schema.missing_key"
    SCHEMA_INVALID_VALUE = "schema.invalid_value"
    SCHEMA_INVALID_ID = "schema.invalid_id"
    SCHEMA_UNKNOWN_SIGNAL = "schema.unknown_signal"
    SCHEMA_UNKNOWN_METRIC = "schema.unknown_metric"
    SCHEMA_IGNORED_KEY = "schema.ignored_key"
    GRAPH_UNDEFINED_COMPONENT = "graph.undefined_component"
    GRAPH_EMPTY_PIPELINE = "graph.empty_pipeline"
    GRAPH_DUPLICATE_COMPONENT = "graph.duplicate_component"
    GRAPH_UNSUPPORTED_SIGNAL = "graph.unsupported_signal"
    GRAPH_NO_PIPELINES = "graph.no_pipelines"
    OTTL_SYNTAX = "ottl.syntax"
    OTTL_UNKNOWN_FUNCTION = "ottl.unknown_function"
    OTTL_UNKNOWN_PATH = "ottl.unknown_path"
    OTTL_INVALID = "ottl.invalid"
    OTTL_CONTEXT = "ottl.context"
    POLICY_MEMORY_LIMITER_FIRST = "policy.memory_limiter_first"
    POLICY_BATCH_LAST = "policy.batch_last"
    POLICY_NO_METRICS_PIPELINE = "policy.no_metrics_pipeline"
    POLICY_UNUSED_COMPONENT = "policy.unused_component"
    POLICY_DUPLICATE_COMPONENT = "policy.duplicate_component"
    POLICY_PORT_CONFLICT = "policy.port_conflict"
    SEMANTIC_UNKNOWN_METRIC = "semantic.unknown_metric"
    SEMANTIC_METRIC_NOT_ENABLED = "semantic.metric_not_enabled"
    SEMANTIC_PERCENT_THRESHOLD = "semantic.percent_threshold"
    SEMANTIC_DROPS_CRITICAL = "semantic.drops_critical"
    SEMANTIC_COMPONENT_SETTING = "semantic.component_setting"
    SEMANTIC_IDENTITY_ON_DATAPOINT = "semantic.identity_on_datapoint"
    SEMANTIC_DATAPOINT_ATTRIBUTE_ON_RESOURCE = "semantic.datapoint_attribute_on_resource"
    SEMANTIC_VALUE_AS_ATTRIBUTE = "semantic.value_as_attribute"
    SEMANTIC_UNKNOWN_ATTRIBUTE = "semantic.unknown_attribute"
    SEMANTIC_ATTRIBUTE_NOT_ENABLED = "semantic.attribute_not_enabled"
    SEMANTIC_UNKNOWN_ATTRIBUTE_VALUE = "semantic.unknown_attribute_value"
    SEMANTIC_BYTES_THRESHOLD = "semantic.bytes_threshold"
    SEMANTIC_CUMULATIVE_THRESHOLD = "semantic.cumulative_threshold"
    SEMANTIC_WRONG_VALUE_TYPE = "semantic.wrong_value_type"
    SEMANTIC_DROPS_EVERYTHING = "semantic.drops_everything"
    SEMANTIC_NO_REDUCTION = "semantic.no_reduction"
    SEMANTIC_UNSUMMED_MERGE = "semantic.unsummed_merge"
    COVERAGE_UNKNOWN_COMPONENT = "coverage.unknown_component"
    COVERAGE_NOT_CHECKED = "coverage.not_checked"
    COVERAGE_ENV_VALUE = "coverage.env_value"
    COLLECTOR_REJECTED = "collector.rejected"
    COLLECTOR_UNAVAILABLE = "collector.unavailable"


@dataclass(frozen=True)
class CodeSpec:
    code: Code
    tier: Tier
    severity: Severity
    refused_by: RefusedBy
    meaning: str
    hint: str
    # A whole config that yields this code (tests validate it), or None when no config can (the
    # finding is about the environment, e.g. a collector binary that does not run).
    example: str | None

    @property
    def family(self) -> str:
        return self.code.split(".")[0]


# The smallest config every example departs from: a pipeline fed only by the process scraper,
# where Phoenix knows exactly which metrics and attributes arrive. It has no finding at all.
BASE_EXAMPLE = """\
receivers:
  host_metrics:
    scrapers:
      process:
        mute_process_all_errors: true
        metrics:
          process.cpu.utilization:
            enabled: true
exporters:
  debug: {}
service:
  pipelines:
    metrics:
      receivers: [host_metrics]
      exporters: [debug]
"""
_CPU_UTILIZATION = "        metrics:\n          process.cpu.utilization:\n            enabled: true\n"


def _with(old: str, new: str, base: str = BASE_EXAMPLE) -> str:
    """The base example with one passage replaced (the replaced text must be there)."""
    assert old in base, old
    return base.replace(old, new, 1)


def _processors(block: str, chain: str) -> str:
    """The base example with a `processors:` section and a metrics pipeline running `chain`."""
    text = _with("exporters:\n", f"processors:\n{block}exporters:\n")
    receivers = "      receivers: [host_metrics]\n"
    return _with(receivers, f"{receivers}      processors: [{chain}]\n", text)


def _filter(condition: str) -> str:
    return _processors(f"  filter:\n    metrics:\n      datapoint:\n        - '{condition}'\n", "filter")


_RESOURCE = "  resource:\n    attributes:\n      - {key: deployment.environment, value: prod, action: upsert}\n"
_PIPELINE = "    metrics:\n      receivers: [host_metrics]\n      exporters: [debug]\n"

# The semantic tier's examples depart from the same process-only config.
PROCESS_EXAMPLE = BASE_EXAMPLE


def _process(block: str, chain: str) -> str:
    """The process-only example with a `processors:` section and its metrics pipeline running `chain`."""
    text = _with("exporters:\n", f"processors:\n{block}exporters:\n", PROCESS_EXAMPLE)
    receivers = "      receivers: [host_metrics]\n"
    return _with(receivers, f"{receivers}      processors: [{chain}]\n", text)


def _process_filter(condition: str, context: str = "datapoint") -> str:
    block = f"  filter:\n    error_mode: ignore\n    metrics:\n      {context}:\n        - '{condition}'\n"
    return _process(block, "filter")


C = Code
CODES: dict[Code, CodeSpec] = {
    s.code: s
    for s in (
        CodeSpec(
            C.PARSE_YAML,
            "parse",
            "error",
            "collector",
            "The text is not a YAML document the collector can read (syntax, tags, empty, recursive or "
            "exploding aliases).",
            "Fix the YAML at the line shown.",
            _with("receivers: [host_metrics]", "receivers: [host_metrics"),
        ),
        CodeSpec(
            C.PARSE_DUPLICATE_KEY,
            "parse",
            "error",
            "collector",
            "A key appears twice in one mapping; the collector refuses it (PyYAML would keep the last).",
            "Keep one of the two keys (the message names the line of the first).",
            _with("  debug: {}\n", "  debug: {}\n  debug: {verbosity: detailed}\n"),
        ),
        CodeSpec(
            C.PARSE_LIMIT,
            "parse",
            "error",
            "phoenix",
            "The document is beyond what Phoenix reads safely: over 1 MiB, nested deeper than 64 levels, or "
            "more than 100 aliases.",
            "Split or flatten the config; anchors and aliases are rarely needed in a collector config.",
            _with(
                "service:\n",
                "service:\n  telemetry:\n    logs:\n      initial_fields:\n        deep: " + "[" * 66 + "]" * 66 + "\n",
            ),
        ),
        CodeSpec(
            C.PARSE_NOT_MAPPING,
            "parse",
            "error",
            "collector",
            "The document is a list or a scalar; a collector config is a mapping of sections.",
            "Start the config with `receivers:`, `processors:`, `exporters:` and `service:` at the top level.",
            "- receivers\n- exporters\n",
        ),
        CodeSpec(
            C.SCHEMA_UNKNOWN_KEY,
            "schema",
            "error",
            "collector",
            "A key the pinned collector's config struct does not have (it reports `has invalid keys`).",
            "Remove the key or correct its spelling; the message suggests the closest known key when there is one.",
            _with("  debug: {}\n", "  debug:\n    verbosityy: detailed\n"),
        ),
        CodeSpec(
            C.SCHEMA_MISSING_KEY,
            "schema",
            "error",
            "collector",
            "A required key or section is missing (e.g. `service`, a filter's `match_type`).",
            "Add the key named in the message.",
            BASE_EXAMPLE.split("service:")[0],
        ),
        CodeSpec(
            C.SCHEMA_INVALID_VALUE,
            "schema",
            "error",
            "collector",
            "A value of the wrong type, outside its range or enum, an invalid regex or duration, or settings "
            "that cannot be combined.",
            "Use a value the message allows.",
            _with("  debug: {}\n", "  debug:\n    verbosity: loud\n"),
        ),
        CodeSpec(
            C.SCHEMA_INVALID_ID,
            "schema",
            "error",
            "collector",
            "A component ID that is not `type` or `type/name` (a type starts with a letter: letters, digits, _).",
            "Rename the component, e.g. `batch/9` instead of `9batch`.",
            _with("  debug: {}\n", "  debug: {}\n  9debug: {}\n"),
        ),
        CodeSpec(
            C.SCHEMA_UNKNOWN_SIGNAL,
            "schema",
            "error",
            "collector",
            "A pipeline ID whose signal is not traces, metrics or logs (`metric`, `metrics-fast`).",
            "Name pipelines `<signal>` or `<signal>/<name>`, e.g. `metrics/fast`.",
            _with("  pipelines:\n    metrics:\n", "  pipelines:\n    metric:\n"),
        ),
        CodeSpec(
            C.SCHEMA_UNKNOWN_METRIC,
            "schema",
            "error",
            "collector",
            "The process scraper's `metrics:` names a metric the pinned scraper does not have.",
            "Use a metric name of the pinned process scraper (the message suggests the closest).",
            _with("process.cpu.utilization:", "process.memory.physical:"),
        ),
        CodeSpec(
            C.SCHEMA_IGNORED_KEY,
            "schema",
            "warning",
            "phoenix",
            "An unknown key in a block the collector reads leniently: it loads, and the key does nothing.",
            "Remove the key or correct its spelling (it is probably a typo of a real setting).",
            _with("  host_metrics:\n", "  host_metrics:\n    colection_interval: 10s\n"),
        ),
        CodeSpec(
            C.GRAPH_UNDEFINED_COMPONENT,
            "graph",
            "error",
            "collector",
            "A pipeline or `service.extensions` names a component that is not defined in its section.",
            "Define the component in its section, or correct the reference.",
            _with("exporters: [debug]", "exporters: [debug, otlp_grpc]"),
        ),
        CodeSpec(
            C.GRAPH_EMPTY_PIPELINE,
            "graph",
            "error",
            "collector",
            "A pipeline without a receiver or without an exporter.",
            "Give every pipeline at least one receiver and one exporter.",
            _with("exporters: [debug]", "exporters: []"),
        ),
        CodeSpec(
            C.GRAPH_DUPLICATE_COMPONENT,
            "graph",
            "error",
            "collector",
            "A pipeline lists the same processor twice.",
            "List each processor once per pipeline.",
            _processors("  batch: {}\n", "batch, batch"),
        ),
        CodeSpec(
            C.GRAPH_UNSUPPORTED_SIGNAL,
            "graph",
            "error",
            "collector",
            "A component in a pipeline of a signal it does not handle (e.g. the prometheus exporter in a logs "
            "pipeline), or a profiles pipeline, which needs a feature gate Phoenix's collectors do not enable.",
            "Move the component to a pipeline of a signal it supports (`GET /api/v1/pipelines/components`).",
            _with(_PIPELINE, _PIPELINE + "    logs:\n      receivers: [host_metrics]\n      exporters: [prometheus]\n")
            .replace("  debug: {}\n", "  debug: {}\n  prometheus:\n    endpoint: localhost:8889\n")
            .replace("exporters: [debug]", "exporters: [debug, prometheus]"),
        ),
        CodeSpec(
            C.GRAPH_NO_PIPELINES,
            "graph",
            "error",
            "collector",
            "`service.pipelines` is empty: the collector needs at least one pipeline.",
            "Add a metrics pipeline: `service.pipelines.metrics` with receivers and exporters.",
            _with("  pipelines:\n" + _PIPELINE, "  pipelines: {}\n"),
        ),
        CodeSpec(
            C.OTTL_SYNTAX,
            "ottl",
            "error",
            "collector",
            "An OTTL statement or condition that does not parse (`column` points at the problem).",
            "Correct the OTTL at the column shown; OTTL has `IsMatch(target, pattern)`, not `matches`.",
            _filter('metric.name matches "process.*"'),
        ),
        CodeSpec(
            C.OTTL_UNKNOWN_FUNCTION,
            "ottl",
            "error",
            "collector",
            "An OTTL function (editor or converter) or enum the pinned release does not have in this context.",
            "Use a function of the pinned release (the message suggests the closest name).",
            _filter('IsMatches(metric.name, "^process")'),
        ),
        CodeSpec(
            C.OTTL_UNKNOWN_PATH,
            "ottl",
            "error",
            "collector",
            "An OTTL path the context does not offer, or a path without its context prefix where one is needed.",
            "Use a path of the context (`metric.name`, `datapoint.attributes[...]`, `resource.attributes[...]`).",
            _filter('metric.nam == "process.cpu.time"'),
        ),
        CodeSpec(
            C.OTTL_INVALID,
            "ottl",
            "error",
            "collector",
            "OTTL that parses but is refused when the collector builds it: wrong argument count or type, an "
            "editor where a condition is expected, an invalid regex or enum argument.",
            "Follow the function's signature given in the message.",
            _filter("IsMatch(metric.name)"),
        ),
        CodeSpec(
            C.OTTL_CONTEXT,
            "ottl",
            "error",
            "collector",
            "The context of a transform or filter group without `context:` cannot be inferred from its paths.",
            "Prefix every path with its context (`datapoint.attributes`), or give the group a `context:`.",
            _processors('  transform:\n    metric_statements:\n      - \'set(attributes["x"], "y")\'\n', "transform"),
        ),
        CodeSpec(
            C.POLICY_MEMORY_LIMITER_FIRST,
            "graph",
            "warning",
            "phoenix",
            "memory_limiter is not the first processor: it should refuse data before any work is done.",
            "Move memory_limiter to the front of the pipeline's processors.",
            _processors(
                "  memory_limiter:\n    check_interval: 1s\n    limit_percentage: 80\n    spike_limit_percentage: 20\n"
                + _RESOURCE,
                "resource, memory_limiter",
            ),
        ),
        CodeSpec(
            C.POLICY_BATCH_LAST,
            "graph",
            "warning",
            "phoenix",
            "batch is not the last processor: data is batched before the filters and transforms that follow.",
            "Move batch to the end of the pipeline's processors.",
            _processors("  batch: {}\n" + _RESOURCE, "batch, resource"),
        ),
        CodeSpec(
            C.POLICY_NO_METRICS_PIPELINE,
            "graph",
            "warning",
            "phoenix",
            "No metrics pipeline: Phoenix measures process metrics, so its configs need one.",
            "Add `service.pipelines.metrics` (or `metrics/<name>`).",
            _with("  pipelines:\n    metrics:\n", "  pipelines:\n    logs:\n"),
        ),
        CodeSpec(
            C.POLICY_UNUSED_COMPONENT,
            "graph",
            "warning",
            "phoenix",
            "A component defined but used by no pipeline (or an extension not enabled in "
            "`service.extensions`); the collector skips it.",
            "Use the component in a pipeline or delete it.",
            _with("  debug: {}\n", "  debug: {}\n  debug/unused: {}\n"),
        ),
        CodeSpec(
            C.POLICY_DUPLICATE_COMPONENT,
            "graph",
            "warning",
            "phoenix",
            "A pipeline lists the same receiver or exporter twice; the collector loads it (only a repeated "
            "processor is refused).",
            "List each receiver and exporter once per pipeline.",
            _with("exporters: [debug]", "exporters: [debug, debug]"),
        ),
        CodeSpec(
            C.POLICY_PORT_CONFLICT,
            "graph",
            "warning",
            "phoenix",
            "Two listeners share a host port, in one config or between the variants of one node; `validate` "
            "accepts it, but the second listener fails when the collector starts.",
            "Give every listener its own port (templates: the *_port parameters).",
            _with("  debug: {}\n", "  debug: {}\n  prometheus:\n    endpoint: localhost:8888\n").replace(
                "exporters: [debug]", "exporters: [debug, prometheus]"
            ),
        ),
        CodeSpec(
            C.SEMANTIC_UNKNOWN_METRIC,
            "semantic",
            "error",
            "phoenix",
            "A metric name the pipeline never carries, so the condition never matches: a `process.*` name the "
            "pinned process scraper does not have, or, in a pipeline fed only by the process scraper, another "
            "receiver's metric (`system.cpu.utilization`, `container.*`, `k8s.*`; a warning for a pattern that "
            "matches none).",
            "Use a metric name of the pinned process scraper (the message suggests the closest).",
            _filter('metric.name == "process.memory.physical"'),
        ),
        CodeSpec(
            C.SEMANTIC_METRIC_NOT_ENABLED,
            "semantic",
            "error",
            "phoenix",
            "A process metric used by a processor that the pipeline's process scraper does not emit (it is off "
            "by default); a warning when other receivers might emit it.",
            "Enable it: `receivers.<host_metrics>.scrapers.process.metrics.<name>.enabled: true`.",
            _filter('metric.name == "process.cpu.utilization" and value_double < 0.01').replace(_CPU_UTILIZATION, ""),
        ),
        CodeSpec(
            C.SEMANTIC_PERCENT_THRESHOLD,
            "semantic",
            "error",
            "phoenix",
            "A threshold in the wrong unit for the metric it compares, e.g. a percent against "
            "process.cpu.utilization, which is a 0-1 fraction.",
            "Write the threshold in the metric's unit (0.5 for 50%).",
            _filter('metric.name == "process.cpu.utilization" and value_double > 50'),
        ),
        CodeSpec(
            C.SEMANTIC_DROPS_CRITICAL,
            "semantic",
            "error",
            "phoenix",
            "A critical process dropped. On the syntax tree: a filter condition that drops a critical name (the "
            "filter processor DROPS what matches, so a keep-list written as the condition drops exactly what it "
            "meant to keep). On a synthetic host: a receiver or processor after which no output series keeps a "
            "critical process's `process.pid` (dropped, or merged into a roll-up); the message names the "
            "processes and the path the component.",
            "Write the keep-list as `not (...)`.",
            _filter('IsMatch(resource.attributes["process.executable.name"], "postgres|nginx")'),
        ),
        CodeSpec(
            C.SEMANTIC_COMPONENT_SETTING,
            "schema",
            "error",
            "phoenix",
            "A component setting the collector loads but that would not do what it says: a metrics_transform "
            "operation without a field it needs; a bare number as a duration (it means nanoseconds: a warning).",
            "Add the field, or write the value, as the message says.",
            _processors(
                "  metrics_transform:\n    transforms:\n      - include: process.cpu.time\n        action: update\n"
                "        operations:\n          - action: aggregate_labels\n            label_set: [state]\n",
                "metrics_transform",
            ),
        ),
        CodeSpec(
            C.SEMANTIC_IDENTITY_ON_DATAPOINT,
            "semantic",
            "error",
            "phoenix",
            "Process identity (`process.pid`, `process.executable.name`, `process.command_line`, ...) or another "
            "resource value read, deleted, kept or grouped as a datapoint attribute. The process scraper puts "
            "identity on the resource, so the datapoint attribute is always absent: the condition never "
            "holds, the delete deletes nothing, groupbyattrs groups nothing.",
            'Read it as `resource.attributes["..."]`; to roll processes up, delete their per-process resource '
            "attributes, then groupbyattrs (keys: []) and aggregate_on_attributes.",
            _process_filter('attributes["process.executable.name"] == "bash"'),
        ),
        CodeSpec(
            C.SEMANTIC_DATAPOINT_ATTRIBUTE_ON_RESOURCE,
            "semantic",
            "error",
            "phoenix",
            "A datapoint attribute of the process scraper (`state`, `direction`, `type`) read from the resource, "
            "where it never is.",
            'Read it in the datapoint context: `attributes["state"]`.',
            _process_filter('resource.attributes["state"] == "wait"'),
        ),
        CodeSpec(
            C.SEMANTIC_VALUE_AS_ATTRIBUTE,
            "semantic",
            "error",
            "phoenix",
            'CPU or memory read as an attribute (`attributes["cpu"]`, '
            '`resource.attributes["process.cpu.utilization"]`): they are metric values, not attributes.',
            'Compare the value in the datapoint context: `metric.name == "process.cpu.utilization" and '
            "value_double > 0.5`.",
            _process_filter('attributes["cpu"] > 0.5'),
        ),
        CodeSpec(
            C.SEMANTIC_UNKNOWN_ATTRIBUTE,
            "semantic",
            "error",
            "phoenix",
            "An attribute nothing upstream produces in a pipeline fed only by the process scraper: the scraper "
            "does not emit it (on that metric; `process.name` is not one of its resource attributes) and no "
            "earlier processor sets it, or groupbyattrs moved it to the resource. A warning for a key an "
            "aggregation keeps.",
            "Read an attribute the scraper emits (the hint lists them), or set it in an earlier processor.",
            _process_filter('resource.attributes["process.name"] == "bash"', "metric"),
        ),
        CodeSpec(
            C.SEMANTIC_ATTRIBUTE_NOT_ENABLED,
            "semantic",
            "error",
            "phoenix",
            "A process resource attribute read while the scraper has it turned off (`process.cgroup` is off by "
            "default): it is always absent.",
            "Enable it: `receivers.<host_metrics>.scrapers.process.resource_attributes.<name>.enabled: true`.",
            _process_filter('IsMatch(resource.attributes["process.cgroup"], "system.slice")', "metric"),
        ),
        CodeSpec(
            C.SEMANTIC_UNKNOWN_ATTRIBUTE_VALUE,
            "semantic",
            "error",
            "phoenix",
            "A scraper attribute compared with a value it never has (`state` is system, user or wait; "
            "`direction` read or write): the comparison never holds.",
            "Compare with one of the values the hint lists.",
            _process_filter('metric.name == "process.cpu.time" and attributes["state"] == "idle"'),
        ),
        CodeSpec(
            C.SEMANTIC_BYTES_THRESHOLD,
            "semantic",
            "warning",
            "phoenix",
            "A memory metric (bytes) compared with a number below 1 MiB: almost every process passes it; it "
            "was probably meant in MiB or MB.",
            "Write the threshold in bytes (512 MiB is 536870912).",
            _process_filter('metric.name == "process.memory.usage" and value_int < 512'),
        ),
        CodeSpec(
            C.SEMANTIC_CUMULATIVE_THRESHOLD,
            "semantic",
            "warning",
            "phoenix",
            "process.cpu.time (cumulative CPU seconds since the process started) compared with a fraction-like "
            "number, as if it were the current load.",
            "For the current load compare process.cpu.utilization (a 0-1 fraction; enable it in the scraper).",
            _process_filter('metric.name == "process.cpu.time" and value_double < 0.05'),
        ),
        CodeSpec(
            C.SEMANTIC_WRONG_VALUE_TYPE,
            "semantic",
            "error",
            "phoenix",
            "`value_int` read on a metric with double points (cpu.time, cpu.utilization) or `value_double` on "
            "one with int points (memory.usage, disk.io): it always reads 0.",
            "Compare the value field of the metric's point type.",
            _process_filter('metric.name == "process.memory.usage" and value_double > 1073741824'),
        ),
        CodeSpec(
            C.SEMANTIC_DROPS_EVERYTHING,
            "semantic",
            "error",
            "phoenix",
            "Run on a synthetic host (about 200 processes), the config delivers nothing to its exporters; the "
            "path names the receiver or processor that removed the last data point.",
            "The filter processor DROPS what its conditions match: a keep-list is written as `not (...)`.",
            _process_filter('IsMatch(metric.name, "^process[.]")', "metric"),
        ),
        CodeSpec(
            C.SEMANTIC_NO_REDUCTION,
            "semantic",
            "warning",
            "phoenix",
            "A pipeline with a reducing processor (filter, groupbyattrs, an aggregation) outputs as many series "
            "as it receives on a synthetic host, e.g. groupbyattrs whose resources all stay apart.",
            "groupbyattrs only merges identical resources and its keys are datapoint attributes: delete the "
            "per-process resource attributes first.",
            _process("  groupbyattrs:\n    keys: []\n", "groupbyattrs"),
        ),
        CodeSpec(
            C.SEMANTIC_UNSUMMED_MERGE,
            "semantic",
            "error",
            "phoenix",
            "Processes merged into one resource (groupbyattrs after their identity was deleted) but not "
            "summed: one series gets several points per payload, and a backend keeps only one of them.",
            'After groupbyattrs, sum with transform `aggregate_on_attributes("sum", [...])` in the metric '
            "context for every metric that remains.",
            _process(
                "  transform:\n    error_mode: ignore\n    metric_statements:\n      - context: resource\n"
                '        conditions:\n          - \'resource.attributes["process.executable.name"] == "bash"\'\n'
                "        statements:\n          - 'delete_key(resource.attributes, \"process.pid\")'\n"
                "          - 'delete_key(resource.attributes, \"process.parent_pid\")'\n"
                "  groupbyattrs:\n    keys: []\n",
                "transform, groupbyattrs",
            ),
        ),
        CodeSpec(
            C.COVERAGE_UNKNOWN_COMPONENT,
            "schema",
            "warning",
            "collector",
            "A component type Phoenix does not know: its config is not checked (otelcol-phoenix does not have "
            "it either; another collector build may).",
            "Use a component Phoenix knows (`GET /api/v1/pipelines/components`), or rely on the collector tier.",
            _processors("  frobnicate: {}\n", "frobnicate"),
        ),
        CodeSpec(
            C.COVERAGE_NOT_CHECKED,
            "schema",
            "warning",
            "collector",
            "A part of a known component or of `service` that Phoenix does not model (OTTL of trace, log and "
            "profile contexts, loosely typed settings): only the collector checks it. The semantic tier also "
            "says so when its behavioural run cannot check a config (a component the local engine does not "
            "run, a critical pattern it cannot build a process name for).",
            "Run validation with the collector binary available (tier otelcol) to have it checked.",
            _processors(
                "  transform:\n    trace_statements:\n      - 'set(span.name, \"x\")'\n",
                "transform",
            ),
        ),
        CodeSpec(
            C.COVERAGE_ENV_VALUE,
            "schema",
            "warning",
            "collector",
            "A value taken from the environment (`${env:NAME}`): it is only known where the collector runs.",
            "Make sure the variable holds a valid value on every host, or write the value in the config.",
            _with("  debug: {}\n", "  debug:\n    verbosity: ${env:DEBUG_VERBOSITY}\n"),
        ),
        CodeSpec(
            C.COLLECTOR_REJECTED,
            "otelcol",
            "error",
            "collector",
            "The real collector's `validate` refused the config (only when a collector binary is available); "
            "the message is the collector's own.",
            "Fix what the collector names; the path points at the component it names.",
            _processors(
                "  transform:\n    trace_statements:\n      - 'set(span.name, Foo())'\n",
                "transform",
            ),
        ),
        CodeSpec(
            C.COLLECTOR_UNAVAILABLE,
            "otelcol",
            "warning",
            "collector",
            "The collector binary did not run or did not answer in time: the config was not checked by it.",
            "Check `PHOENIX_OTELCOL_BIN` or rebuild `build/otelcol-phoenix` (`make collector`).",
            None,
        ),
    )
}


def finding(
    code: Code,
    path: PathParts | str,
    line: int | None,
    message: str,
    *,
    hint: str | None = None,
    severity: Severity | None = None,
    column: int | None = None,
    tier: Tier | None = None,
) -> ValidationIssue:
    """A finding of `code`: tier, severity, refused_by and hint from the table unless given."""
    entry = CODES[code]
    return ValidationIssue(
        tier=tier or entry.tier,
        path=path if isinstance(path, str) else format_path(path),
        line=line,
        message=message,
        severity=severity or entry.severity,
        refused_by=entry.refused_by,
        code=str(code),
        hint=entry.hint if hint is None else hint,
        column=column,
    )


def enforce(issues: list[ValidationIssue], *, strict: bool) -> list[ValidationIssue]:
    """`issues` with every policy warning (`policy.*`) turned into an error when `strict`."""
    if not strict:
        return issues
    return [
        replace(i, severity="error") if i.code.startswith("policy.") and i.severity == "warning" else i for i in issues
    ]


# --- docs/validation.md -------------------------------------------------------------------------

_WHO = {"collector": "collector", "phoenix": "Phoenix"}
_FAMILIES = (
    ("parse", "Parse: the YAML itself"),
    ("schema", "Schema: sections, component IDs and each component's typed config"),
    ("graph", "Graph: how `service` wires the components"),
    ("ottl", "OTTL: statements and conditions, parsed and type-checked for their context"),
    ("policy", "Policies: Phoenix's own rules (warnings; errors with `strict`)"),
    ("semantic", "Semantics: the config loads, but would not do what it says"),
    ("coverage", "Coverage: what Phoenix could not check"),
    ("collector", "Collector: the real binary's own `validate`"),
)


def docs_markdown() -> str:
    """The text of docs/validation.md."""
    out = [
        "# Validation findings",
        "",
        "<!-- Generated from app/validation/codes.py: python -m app.validation.codes > docs/validation.md -->",
        "",
        "`POST /api/v1/pipelines/validate` and `phoenix pipeline validate` report every finding with a stable "
        "`code`, a `severity`, the tier that found it, its YAML `path`, `line` (and `column` inside an OTTL "
        "statement), a fix `hint`, and who refuses it (`refused_by`):",
        "",
        "- `collector`: the pinned collector (otelcol-phoenix 0.159.0) would not load the config; confirmed by "
        "its own `validate` where the binary runs (`tests/otelcol`). Coverage warnings also count as the "
        "collector's: only it can decide what Phoenix did not check.",
        "- `phoenix`: the collector loads the config, but it breaks a Phoenix policy (`policy.*`, warnings) or "
        "would not do what it says (`semantic.*`, errors).",
        "",
        "A config is `valid` when it has no error. With `strict: true` (API) or `--strict` (CLI) every "
        "`policy.*` warning is an error. Saving a custom pipeline (and each new version of it) refuses errors "
        "only: policies never block a save. Experiments and deployments run either a catalog template, rendered "
        "from validated parameters, or a saved pipeline's pinned version, validated when it was saved; they do "
        "not validate again. Every example below is checked by `tests/validation/test_validation_codes.py`, and "
        "against the real collector by `tests/otelcol/test_validate.py`.",
        "",
        "| code | severity | refused by | meaning |",
        "| --- | --- | --- | --- |",
    ]
    out += [f"| `{s.code}` | {s.severity} | {_WHO[s.refused_by]} | {s.meaning} |" for s in CODES.values()]
    for family, title in _FAMILIES:
        out += ["", f"## {title}"]
        for s in (s for s in CODES.values() if s.family == family):
            out += ["", f"### `{s.code}`", "", s.meaning, "", f"**Fix:** {s.hint}"]
            if s.example is None:
                out += ["", "No config triggers it: it reports the environment Phoenix runs in."]
            else:
                out += ["", "```yaml", s.example.rstrip("\n"), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(docs_markdown(), end="")
