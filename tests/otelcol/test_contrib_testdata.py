"""Precision on the collector projects' own testdata: where the pinned collector accepts a config,
Phoenix reports no error.

The `testdata/` configs of every component otelcol-phoenix holds are read from the Go module cache
(`go env GOMODCACHE`), at the exact release `make collector` built from; they are the projects'
files and are not copied here. Each named instance (`filter/include`, or a file that is one
component's config) is wrapped in a minimal pipeline of its signal (metrics; traces or logs for an
attributes processor that matches spans or log records, with a metrics pipeline beside it), with an
OTLP receiver on 127.0.0.1 and the debug exporter, memory_limiter first and batch last around
another processor (so Phoenix's ordering policies hold). It is checked twice: by `otelcol-phoenix
validate`, run in the component's module directory as the Go tests run (relative paths such as
`root_path: testdata` resolve there), and by Phoenix's static tiers. Many instances are
deliberately invalid (the Go tests expect an error); the collector's verdict decides which are which.

- Accepted by the collector: Phoenix reports no error at all, neither one the collector would
  refuse (`refused_by == "collector"`) nor one of its own (`refused_by == "phoenix"`); warnings
  (policies, a bare number as a duration) are allowed and counted in the summary. `KNOWN_GAPS`
  names the instances Phoenix still refuses, each with its reason; an entry that no longer shows
  the error fails, so the list only shrinks.
- Refused by the collector: Phoenix reports an error too, except for the refusals listed in
  `MISSED_REFUSALS` (checks Phoenix does not make statically), each with its reason.

`test_summary` prints the counts (files, instances per component, accepted, refused, findings).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from app.engine.collector import CONTRIB_VERSION
from app.engine.registry import Kind, canonical_type, get_component, split_id
from app.validation import ValidationIssue, validate_config
from tests.conftest import require_component

Shape = Literal["auto", "named", "sections"]
CONTRIB = "github.com/open-telemetry/opentelemetry-collector-contrib"
CORE = "go.opentelemetry.io/collector"
SCRAPERS = ("cpu", "disk", "filesystem", "load", "memory", "network", "nfs", "paging", "process", "processes", "system")


@dataclass(frozen=True)
class Source:
    """Testdata of one component: files in a module of the pinned release, and how they are laid out.

    `auto`: a map of component IDs of this type (`filter/include: {...}`; IDs of other types are
    skipped), a whole collector config (its section of this kind), or else one config body.
    `named`: a map of test-case names to bodies. `sections`: an mdatagen `testdata/config.yaml`
    (`all_set: {metrics: ...}`), each entry placed at `inside` in `base`.
    """

    kind: Kind
    type: str
    module: str
    pattern: str = "testdata/config*.yaml"
    shape: Shape = "auto"
    inside: tuple[str, ...] = ()
    base: dict[str, Any] = field(default_factory=dict)


def _contrib(folder: str) -> str:
    return f"{CONTRIB}/{folder}@v{CONTRIB_VERSION}"


def _core(folder: str) -> str:
    return f"{CORE}/{folder}@v{CONTRIB_VERSION}"


SOURCES: tuple[Source, ...] = (
    Source("receiver", "host_metrics", _contrib("receiver/hostmetricsreceiver")),
    *(
        Source(
            "receiver",
            "host_metrics",
            _contrib("receiver/hostmetricsreceiver"),
            f"internal/scraper/{scraper}scraper/internal/metadata/testdata/config.yaml",
            "sections",
            ("scrapers", scraper),
        )
        for scraper in SCRAPERS
    ),
    Source("receiver", "otlp", _core("receiver/otlpreceiver"), "testdata/*.yaml"),
    Source("processor", "memory_limiter", _core("internal/memorylimiter"), "testdata/*.yaml"),
    Source("processor", "batch", _core("processor/batchprocessor")),
    Source("processor", "filter", _contrib("processor/filterprocessor")),
    Source("processor", "transform", _contrib("processor/transformprocessor")),
    Source("processor", "groupbyattrs", _contrib("processor/groupbyattrsprocessor")),
    Source("processor", "metrics_transform", _contrib("processor/metricstransformprocessor")),
    Source("processor", "cumulative_to_delta", _contrib("processor/cumulativetodeltaprocessor")),
    Source("processor", "resource", _contrib("processor/resourceprocessor")),
    Source("processor", "attributes", _contrib("processor/attributesprocessor")),
    Source("processor", "resource_detection", _contrib("processor/resourcedetectionprocessor")),
    Source(
        "processor",
        "resource_detection",
        _contrib("processor/resourcedetectionprocessor"),
        "internal/system/internal/metadata/testdata/config.yaml",
        "sections",
        ("system",),
        {"detectors": ["system"]},
    ),
    Source("exporter", "otlp_grpc", _core("exporter/otlpexporter"), "testdata/[cd]*.yaml"),
    Source("exporter", "otlp_grpc", _core("exporter/otlpexporter"), "testdata/invalid_configs.yaml", "named"),
    Source("exporter", "otlp_http", _core("exporter/otlphttpexporter"), "testdata/*.yaml"),
    Source("exporter", "debug", _core("exporter/debugexporter")),
    Source("exporter", "file", _contrib("exporter/fileexporter")),
    Source("exporter", "prometheus", _contrib("exporter/prometheusexporter")),
    Source("extension", "health_check", _contrib("extension/healthcheckextension")),
)

KNOWN_GAPS: dict[str, str] = {}
"""Instances the collector accepts and Phoenix still refuses: `case id` -> why it is not fixed yet."""

_OTTL_NOT_METRICS = "OTTL of trace, log and profile contexts: only the collector checks it (coverage.not_checked)"
_FILTER_OTTL = "processor/filterprocessor/testdata/config_ottl.yaml:filter/"
_TRANSFORM = "processor/transformprocessor/testdata/config.yaml:transform/"

MISSED_REFUSALS: dict[str, str] = {
    "receiver/hostmetricsreceiver/testdata/config-bad-root-path.yaml:host_metrics": (
        "root_path must exist on the collector's host; Phoenix validates for another host (the otelcol tier "
        "checks a missing root_path as /)"
    ),
    **{
        f"{_FILTER_OTTL}{name}": _OTTL_NOT_METRICS
        for name in (
            "bad_syntax_span",
            "bad_syntax_spanevent",
            "bad_syntax_log",
            "bad_syntax_context_inferred_trace",
            "bad_syntax_context_inferred_log",
            "bad_syntax_context_inferred_profile",
        )
    },
    **{
        f"{_TRANSFORM}{name}": _OTTL_NOT_METRICS
        for name in ("bad_syntax_log", "bad_syntax_trace", "unknown_function_log", "unknown_function_trace")
    },
    f"{_FILTER_OTTL}bad_syntax_context_inferred_metric": (
        "filter metric_conditions without a context are not handed to the OTTL checker (the filter model lists "
        "only groups with a metric or datapoint context; the engine and the semantic tier read that list too)"
    ),
}
"""Instances the collector refuses and Phoenix passes: `case id` -> what Phoenix does not check."""


@dataclass(frozen=True)
class Instance:
    """One named instance of a testdata file, wrapped in a minimal collector config."""

    source: Source
    file: Path
    component_id: str
    config_yaml: str

    @property
    def case_id(self) -> str:
        """`processor/filterprocessor/testdata/config_strict.yaml:filter/include`"""
        module = self.source.module.removeprefix(f"{CONTRIB}/").removeprefix(f"{CORE}/").partition("@")[0]
        relative = self.file.relative_to(module_cache() / self.source.module)
        return f"{module}/{relative}:{self.component_id}"


@cache
def module_cache() -> Path:
    """`go env GOMODCACHE`, else `$GOMODCACHE`, `$GOPATH/pkg/mod` or `~/go/pkg/mod`."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    try:
        done = subprocess.run([go, "env", "GOMODCACHE"], capture_output=True, text=True, timeout=30, check=True)
        if done.stdout.strip():
            return Path(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    if os.environ.get("GOMODCACHE"):
        return Path(os.environ["GOMODCACHE"])
    return Path(os.environ.get("GOPATH") or Path.home() / "go") / "pkg" / "mod"


def _type_of(component_id: Any) -> str | None:
    try:
        return split_id(str(component_id))[0]
    except ValueError:
        return None


def _bodies(source: Source, data: Any) -> list[tuple[str, Any]]:
    """(component ID, config body) of each instance of `source`'s component in one file."""
    spec = get_component(source.kind, source.type)
    assert spec is not None, f"{source.kind} {source.type} is not in Phoenix's registry"
    names = {spec.type, *spec.aliases}
    if source.shape == "named":
        return [(f"{spec.type}/{name}", body) for name, body in data.items()]
    if source.shape == "sections":
        out = []
        for label, section in data.items():
            body: dict[str, Any] = yaml.safe_load(yaml.safe_dump(source.base))
            target = body
            for key in source.inside[:-1]:
                target = target.setdefault(key, {})
            target[source.inside[-1]] = section
            out.append((f"{spec.type}/{label}", body))
        return out
    section = f"{source.kind}s"
    if isinstance(data, dict) and isinstance(data.get(section), dict) and "service" in data:
        data = data[section]  # a whole collector config: its instances of this type
    elif not (isinstance(data, dict) and any(_type_of(key) in names for key in data)):
        return [(spec.type, data)]  # the file is one config body
    return [(str(key), body) for key, body in data.items() if _type_of(key) in names]


_RECEIVER = {"otlp": {"protocols": {"grpc": {"endpoint": "127.0.0.1:4317"}}}}
_MEMORY_LIMITER = {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20}
# Match properties of the attributes processor that the collector refuses in a metrics pipeline
# (contrib `internal/filter/filterconfig`: `ValidateForMetrics`), by the signal they are written for.
_LOG_MATCH = {"log_bodies", "log_severity_texts", "log_severity_number"}
_SPAN_MATCH = {"services", "span_names", "span_kinds", "attributes", "libraries"}


def _signal(component_type: str, body: Any) -> str:
    """The pipeline an instance is written for: metrics (every supported component takes them),
    unless it is an attributes processor that matches spans or log records."""
    if component_type != "attributes" or not isinstance(body, dict):
        return "metrics"
    keys = {key for side in ("include", "exclude") for key in (body.get(side) or {})}
    return "logs" if keys & _LOG_MATCH else "traces" if keys & _SPAN_MATCH else "metrics"


def _wrap(kind: Kind, component_id: str, body: Any) -> str:
    """A minimal config with the instance in a pipeline of its signal, beside a metrics pipeline."""
    type_ = canonical_type(kind, split_id(component_id)[0])
    config: dict[str, Any] = {"receivers": dict(_RECEIVER), "processors": {}, "exporters": {"debug": {}}}
    pipeline: dict[str, list[str]] = {"receivers": ["otlp"], "processors": [], "exporters": ["debug"]}
    if kind == "extension":
        config["extensions"] = {component_id: body}
    elif kind == "processor":
        first = [] if type_ == "memory_limiter" else ["memory_limiter"]
        last = [] if type_ == "batch" else ["batch"]
        pipeline["processors"] = [*first, component_id, *last]
        config["processors"] = {"memory_limiter": _MEMORY_LIMITER} if first else {}
        config["processors"] |= {component_id: body} | ({"batch": {}} if last else {})
    else:
        config[f"{kind}s"] = {component_id: body}
        pipeline[f"{kind}s"] = [component_id]
    if not config["processors"]:
        del config["processors"]
    if not pipeline["processors"]:
        del pipeline["processors"]
    signal = _signal(type_, body)
    pipelines = {signal: pipeline}
    if signal != "metrics":
        # Phoenix's policy wants a metrics pipeline in every config.
        pipelines["metrics"] = {"receivers": ["otlp"], "exporters": ["debug"]}
    service: dict[str, Any] = {"pipelines": pipelines}
    if kind == "extension":
        service["extensions"] = [component_id]
    config["service"] = service
    return yaml.safe_dump(config, sort_keys=False)


def _files(source: Source) -> list[Path]:
    return sorted((module_cache() / source.module).glob(source.pattern))


@cache
def instances() -> tuple[Instance, ...]:
    """Every wrapped instance, in a stable order (none when the module cache lacks the release)."""
    out = []
    for source in SOURCES:
        for path in _files(source):
            data = yaml.safe_load(path.read_text())
            for component_id, body in _bodies(source, data if data is not None else {}):
                out.append(Instance(source, path, component_id, _wrap(source.kind, component_id, body)))
    return tuple(out)


@dataclass(frozen=True)
class Verdict:
    """What the collector and Phoenix said about one instance."""

    instance: Instance
    collector_error: str | None  # None: the collector accepts it
    phoenix: list[ValidationIssue]

    @property
    def refusals(self) -> list[ValidationIssue]:
        """Phoenix errors that say the collector refuses the config."""
        return [i for i in self.phoenix if i.severity == "error" and i.refused_by == "collector"]

    @property
    def policies(self) -> list[ValidationIssue]:
        """Phoenix errors of its own (policies, settings that load but mislead): the collector loads them."""
        return [i for i in self.phoenix if i.severity == "error" and i.refused_by == "phoenix"]


def _collector_error(binary: Path, instance: Instance) -> str | None:
    with tempfile.TemporaryDirectory(prefix="phoenix-testdata-") as folder:
        config = Path(folder) / "config.yaml"
        config.write_text(instance.config_yaml)
        done = subprocess.run(
            [str(binary), "validate", f"--config={config}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=module_cache() / instance.source.module,
            env={"HOME": folder},
        )
    if done.returncode == 0:
        return None
    return " ".join(line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip())


@pytest.fixture(scope="module")
def verdicts(otelcol_bin: Path) -> dict[str, Verdict]:
    if not instances():
        require_component("Go module cache", f"no testdata of v{CONTRIB_VERSION} under {module_cache()}")
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        errors = list(pool.map(lambda i: _collector_error(otelcol_bin, i), instances()))
    return {
        i.case_id: Verdict(i, error, validate_config(i.config_yaml, run_otelcol=False).errors)
        for i, error in zip(instances(), errors, strict=True)
    }


def _show(issues: list[ValidationIssue]) -> list[str]:
    return [f"{i.path}: {i.message}" for i in issues]


def test_the_testdata_of_every_source_is_in_the_module_cache() -> None:
    missing = [f"{s.module}/{s.pattern}" for s in SOURCES if not _files(s)]
    if len(missing) == len(SOURCES):
        require_component("Go module cache", f"no testdata of v{CONTRIB_VERSION} under {module_cache()}")
    assert missing == [], "testdata files missing from the module cache (run `make collector`)"
    assert len({i.case_id for i in instances()}) == len(instances())


def test_phoenix_reports_no_error_where_the_collector_accepts(verdicts: dict[str, Verdict]) -> None:
    accepted = {case: v for case, v in verdicts.items() if v.collector_error is None}
    wrong = {case: _show(v.refusals) for case, v in accepted.items() if v.refusals and case not in KNOWN_GAPS}
    assert wrong == {}
    own = {case: _show(v.policies) for case, v in accepted.items() if v.policies}
    assert own == {}, "errors of Phoenix's own on configs the collector loads"
    healed = [case for case in KNOWN_GAPS if case in accepted and not accepted[case].refusals]
    assert healed == [], "Phoenix accepts these now: take them out of KNOWN_GAPS"
    stale = [case for case in KNOWN_GAPS if case not in accepted]
    assert stale == [], "KNOWN_GAPS names instances that are not (or no longer) accepted by the collector"


def test_phoenix_reports_an_error_where_the_collector_refuses(verdicts: dict[str, Verdict]) -> None:
    refused = {case: v for case, v in verdicts.items() if v.collector_error is not None}
    missed = {case: v.collector_error for case, v in refused.items() if not v.refusals and case not in MISSED_REFUSALS}
    assert missed == {}
    stale = [case for case in MISSED_REFUSALS if case not in refused]
    assert stale == [], "MISSED_REFUSALS names instances the collector does not refuse"


def test_summary(verdicts: dict[str, Verdict], capsys: pytest.CaptureFixture[str]) -> None:
    per_component = Counter(f"{v.instance.source.kind} {v.instance.source.type}" for v in verdicts.values())
    accepted = [v for v in verdicts.values() if v.collector_error is None]
    refused = [v for v in verdicts.values() if v.collector_error is not None]
    lines = [
        f"contrib/core v{CONTRIB_VERSION} testdata: {len({v.instance.file for v in verdicts.values()})} files, "
        f"{len(verdicts)} wrapped instances; the collector accepts {len(accepted)} and refuses {len(refused)}",
        *(f"  {component}: {count}" for component, count in sorted(per_component.items())),
        f"accepted, Phoenix errors: {sum(bool(v.refusals) for v in accepted)} instances "
        f"({len(KNOWN_GAPS)} known gaps); Phoenix's own errors: {sum(bool(v.policies) for v in accepted)}",
        *(f"  {case}: {_show(verdicts[case].refusals)} ({why})" for case, why in KNOWN_GAPS.items()),
        *(f"  own {v.instance.case_id}: {_show(v.policies)}" for v in accepted if v.policies),
        f"refused, Phoenix agrees: {sum(bool(v.refusals) for v in refused)}; "
        f"Phoenix passes: {sum(not v.refusals for v in refused)} ({len(MISSED_REFUSALS)} listed)",
        *(f"  {v.instance.case_id}: {(v.collector_error or '')[:200]}" for v in refused if not v.refusals),
    ]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert len(verdicts) == len(instances())
