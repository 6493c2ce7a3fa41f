"""Every PromQL expression Phoenix evaluates, written once: the KPI source, the recording rules in
`deploy/prometheus/phoenix-rules.yaml` (a test checks they are these very expressions) and the
Grafana dashboard all use the definitions below.

What the series look like (otelcol-contrib 0.128.0, as Phoenix's templates configure it):

- **Process series** come from each collector's `prometheus` exporter with
  `resource_to_telemetry_conversion` on, so resource attributes are labels: `phoenix_experiment`
  (the experiment name), `phoenix_variant`, `host_name`, `process_pid`, `process_executable_name`, ...
  Metric names carry unit and `_total` suffixes (`translation_strategy:
  UnderscoreEscapingWithSuffixes`, which the templates set), e.g. `process_cpu_time_seconds_total`,
  `process_memory_usage_bytes`, `process_cpu_utilization_ratio`. Every output series of a variant
  is one `process_*` series.
- **Collector telemetry** (`otelcol_*`) is served on the telemetry port by the OTel Go Prometheus
  exporter. At the pinned 0.159.0 its names carry **no** unit or `_total` suffix (read off a running
  otelcol-phoenix 0.159.0), e.g.
  `otelcol_exporter_sent_metric_points{exporter}`,
  `otelcol_receiver_accepted_metric_points{receiver,transport}` (receiver `host_metrics`),
  `otelcol_process_cpu_seconds` (a counter), `otelcol_process_memory_rss` (a gauge), possibly with
  `otel_scope_name`/`otel_scope_version` labels. Sources (names re-checked on 0.159.0): core v0.128.0
  `receiver/receiverhelper/documentation.md`, `exporter/exporterhelper/documentation.md` and
  `service/documentation.md` (names, units `{datapoints}`, `s`, `By`), `receiverhelper/internal/obsmetrics.go`
  and `exporterhelper/internal/obs_report_sender.go` (label keys `receiver`, `transport`, `exporter`),
  `scraper/scraperhelper/controller.go` (a scraping receiver reports each scrape's points as
  accepted, transport ""), `service/telemetry/factory.go` (`without_type_suffix`/`without_units`/
  `without_scope_info` are set only on the collector's own default reader); go-contrib
  `otelconf` v0.16.0 `otelconf/v0.3.0/metric.go` (`prometheusReaderOpts` applies them only when
  set); otel-go `exporters/prometheus` v0.58.0 `exporter.go` (`getName`: unit suffix unless already
  there, then `_total`; `{...}` units add nothing). Process metric names follow contrib
  `pkg/translator/prometheus/normalize_name.go` (see `app.analysis.wire_size.prometheus_name`).
  The telemetry carries no resource labels, so the **scrape config must copy the pod labels**
  `phoenix.io/experiment` and `phoenix.io/variant` onto the target as `phoenix_io_experiment` and
  `phoenix_io_variant` (what both `labelmap: __meta_kubernetes_pod_label_(.+)` and a PodMonitor's
  `podTargetLabels` produce).
  Telemetry expressions rename those to `phoenix_experiment`/`phoenix_variant` with `label_replace`
  so every KPI vector is keyed by the same two labels.

Label matching across variants: variants of one experiment differ only in `phoenix_variant`, so
ratios divide a per-variant vector by the baseline's with `ignoring(phoenix_variant) group_left`
(cardinality reduction) or match per host with `on(phoenix_experiment, host_name) group_left`
(total fidelity). A `Scope` with no experiment selects every experiment (the recording rules).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.variants import BASELINE

EXPERIMENT = "phoenix_experiment"
VARIANT = "phoenix_variant"
TARGET_EXPERIMENT = "phoenix_io_experiment"
TARGET_VARIANT = "phoenix_io_variant"
HOST = "host_name"
PID = "process_pid"
EXECUTABLE = "process_executable_name"

PROCESS_NAME_REGEX = "process_.+"
PROCESS_CPU_TIME = "process_cpu_time_seconds_total"
PROCESS_MEMORY = "process_memory_usage_bytes"
RECEIVER_ACCEPTED = "otelcol_receiver_accepted_metric_points"
EXPORTER_SENT = "otelcol_exporter_sent_metric_points"
COLLECTOR_CPU = "otelcol_process_cpu_seconds"
COLLECTOR_RSS = "otelcol_process_memory_rss"
OUTPUT_EXPORTER_REGEX = "prometheus(/.+)?"
"""Output points are counted at the `prometheus` exporter: with OTLP on too, each point is sent twice."""
INPUT_RECEIVER_REGEX = "(host_metrics|hostmetrics)(/.+)?"
"""The receiver label is the config ID: `host_metrics` since 0.151, or its deprecated alias."""

COLLECTOR_METRICS = (
    PROCESS_CPU_TIME,
    PROCESS_MEMORY,
    "process_memory_virtual_bytes",
    "process_cpu_utilization_ratio",
    "process_disk_io_bytes_total",
    RECEIVER_ACCEPTED,
    EXPORTER_SENT,
    "otelcol_exporter_send_failed_metric_points",
    "otelcol_receiver_refused_metric_points",
    COLLECTOR_CPU,
    COLLECTOR_RSS,
    "otelcol_process_runtime_heap_alloc_bytes",
    "otelcol_process_uptime_seconds_total",
    "up",
)
"""Series names of the collectors (and their scrape targets) that dashboards and rules may use."""

_BY_VARIANT = f"{EXPERIMENT}, {VARIANT}"


def string_literal(value: str) -> str:
    """`value` as a PromQL double-quoted string (JSON escapes are valid Go/PromQL escapes)."""
    return json.dumps(value, ensure_ascii=False)


def any_of(patterns: Sequence[str]) -> str:
    """One RE2 alternation of `patterns`; PromQL anchors `=~` at both ends, as the templates do."""
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class Scope:
    """Which experiment an expression covers (`None`: every experiment carrying Phoenix labels)."""

    experiment: str | None = None

    def process(self, *matchers: str) -> str:
        """The selector of a variant's output: its `process_*` series."""
        own = f"{EXPERIMENT}={string_literal(self.experiment)}" if self.experiment else f'{EXPERIMENT}!=""'
        return "{" + ",".join([f"__name__=~{string_literal(PROCESS_NAME_REGEX)}", own, *matchers]) + "}"

    def metric(self, name: str, *matchers: str) -> str:
        """One process metric of the experiment's variants, e.g. `process_memory_usage_bytes{...}`."""
        own = f"{EXPERIMENT}={string_literal(self.experiment)}" if self.experiment else f'{EXPERIMENT}!=""'
        return name + "{" + ",".join([own, *matchers]) + "}"

    def telemetry(self, name: str, *matchers: str) -> str:
        """A collector's own series, selected through the scrape target's pod labels."""
        if self.experiment:
            own = f"{TARGET_EXPERIMENT}={string_literal(self.experiment)}"
        else:
            own = f'{TARGET_EXPERIMENT}!=""'
        return name + "{" + ",".join([own, *matchers]) + "}"


def _variant_is(variant: str) -> str:
    return f"{VARIANT}={string_literal(variant)}"


def _variant_is_not(variant: str) -> str:
    return f"{VARIANT}!={string_literal(variant)}"


def as_variant_labels(expr: str) -> str:
    """`expr` with the target labels copied to `phoenix_experiment`/`phoenix_variant`."""
    inner = f'label_replace({expr}, "{EXPERIMENT}", "$1", "{TARGET_EXPERIMENT}", "(.*)")'
    return f'label_replace({inner}, "{VARIANT}", "$1", "{TARGET_VARIANT}", "(.*)")'


# --- the variants' output ----------------------------------------------------------------------


def output_series(scope: Scope) -> str:
    """Output series per variant (fleet-wide): every `process_*` series its exporters expose now."""
    return f"count by ({_BY_VARIANT}) ({scope.process()})"


def distinct_processes(scope: Scope, critical_patterns: Sequence[str] = ()) -> str:
    """Processes per variant that still carry their identity: distinct (host, pid) among its series.

    With `critical_patterns`, only processes whose executable name fully matches one of them.
    Roll-up groups have no `process_pid`, so they never count. The baseline drops nothing, so its
    figure is the number on the hosts.
    """
    matchers = [f'{PID}!=""']
    if critical_patterns:
        matchers.append(f"{EXECUTABLE}=~{string_literal(any_of(critical_patterns))}")
    inner = f"group by ({_BY_VARIANT}, {HOST}, {PID}) ({scope.process(*matchers)})"
    return f"count by ({_BY_VARIANT}) ({inner})"


def variant_hosts(scope: Scope) -> str:
    """One element per (variant, host) that exports series: which nodes each variant covers."""
    return f"group by ({_BY_VARIANT}, {HOST}) ({scope.process()})"


def host_count(scope: Scope) -> str:
    """Hosts (nodes) per variant that export series."""
    return f"count by ({_BY_VARIANT}) ({variant_hosts(scope)})"


def host_series(scope: Scope, variant: str, host: str) -> str:
    """Every output series of one variant on one host (their labels feed the bytes estimate)."""
    return scope.process(_variant_is(variant), f"{HOST}={string_literal(host)}")


def target_labels(instance: str) -> str:
    """The scrape target's own labels: `up` carries exactly them."""
    return "up{" + f"instance={string_literal(instance)}" + "}"


def cardinality_reduction(scope: Scope, *, baseline: str = BASELINE, recorded: str | None = None) -> str:
    """1 - variant / baseline output series, for every non-baseline variant of each experiment.

    `recorded` names a recorded per-variant series count to divide instead of counting anew.
    """
    if recorded:
        own = f"{EXPERIMENT}={string_literal(scope.experiment)}" if scope.experiment else f'{EXPERIMENT}!=""'
        left = f"{recorded}{{{own},{_variant_is_not(baseline)}}}"
        right = f"{recorded}{{{own},{_variant_is(baseline)}}}"
    else:
        left = f"count by ({_BY_VARIANT}) ({scope.process(_variant_is_not(baseline))})"
        right = f"count by ({_BY_VARIANT}) ({scope.process(_variant_is(baseline))})"
    return f"1 - ({left} / ignoring({VARIANT}) group_left {right})"


def fidelity_error(scope: Scope, metric: str, *, baseline: str = BASELINE) -> str:
    """Worst host's |variant sum - baseline sum| / baseline sum of `metric`, per non-baseline variant.

    Both collectors read the same host, so the baseline's per-host total is the input total; a
    roll-up that preserves totals scores ~0. Hosts where the baseline sums to 0 are left out.
    """
    variant_sum = f"sum by ({_BY_VARIANT}, {HOST}) ({scope.metric(metric, _variant_is_not(baseline))})"
    baseline_sum = f"sum by ({EXPERIMENT}, {HOST}) ({scope.metric(metric, _variant_is(baseline))})"
    match = f"on({EXPERIMENT}, {HOST}) group_left()"  # "()" so a following "(" is not read as its labels
    return f"max by ({_BY_VARIANT}) (abs({variant_sum} - {match} {baseline_sum}) / {match} ({baseline_sum} > 0))"


# --- the collectors' own telemetry -------------------------------------------------------------


def output_points_per_minute(scope: Scope, window: str) -> str:
    """Data points per minute the variant's collectors export (all nodes), from `otelcol_exporter_sent_*`."""
    sent = scope.telemetry(EXPORTER_SENT, f"exporter=~{string_literal(OUTPUT_EXPORTER_REGEX)}")
    return f"60 * sum by ({_BY_VARIANT}) ({as_variant_labels(f'rate({sent}[{window}])')})"


def input_points_per_minute(scope: Scope, window: str) -> str:
    """Data points per minute the variant's process scrapers produce (all nodes), before any processor."""
    accepted = scope.telemetry(RECEIVER_ACCEPTED, f"receiver=~{string_literal(INPUT_RECEIVER_REGEX)}")
    return f"60 * sum by ({_BY_VARIANT}) ({as_variant_labels(f'rate({accepted}[{window}])')})"


def collector_cpu_cores(scope: Scope, window: str) -> str:
    """CPU of one collector in cores (CPU seconds per second), averaged over the variant's collectors."""
    cpu = scope.telemetry(COLLECTOR_CPU)
    return f"avg by ({_BY_VARIANT}) ({as_variant_labels(f'rate({cpu}[{window}])')})"


def collector_peak_memory(scope: Scope, window: str) -> str:
    """Peak resident memory of the variant's heaviest collector over the window, in bytes."""
    rss = scope.telemetry(COLLECTOR_RSS)
    return f"max by ({_BY_VARIANT}) ({as_variant_labels(f'max_over_time({rss}[{window}])')})"


def collectors_down() -> str:
    """Collector scrape targets (exporter or telemetry port) that Prometheus cannot scrape."""
    return "up{" + f'{TARGET_VARIANT}!=""' + "} == 0"


# --- recording rules ---------------------------------------------------------------------------

RULE_WINDOW = "5m"
RECORDED_SERIES = "phoenix_variant:process_series:count"


def recording_rules(window: str = RULE_WINDOW) -> dict[str, str]:
    """Record name -> expression of every recording rule in `deploy/prometheus/phoenix-rules.yaml`."""
    fleet = Scope()
    return {
        RECORDED_SERIES: output_series(fleet),
        "phoenix_variant:processes:count": distinct_processes(fleet),
        "phoenix_variant:hosts:count": host_count(fleet),
        "phoenix_variant:output_data_points_per_minute:rate5m": output_points_per_minute(fleet, window),
        "phoenix_variant:input_data_points_per_minute:rate5m": input_points_per_minute(fleet, window),
        "phoenix_variant:collector_cpu_cores:avg_rate5m": collector_cpu_cores(fleet, window),
        "phoenix_variant:collector_memory_rss_bytes:max5m": collector_peak_memory(fleet, window),
        "phoenix_variant:memory_fidelity_error:max": fidelity_error(fleet, PROCESS_MEMORY),
        "phoenix_variant:cpu_fidelity_error:max": fidelity_error(fleet, PROCESS_CPU_TIME),
        "phoenix_variant:cardinality_reduction:ratio": cardinality_reduction(fleet, recorded=RECORDED_SERIES),
    }
