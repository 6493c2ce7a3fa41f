"""Phoenix's OTTL catalog against the pinned collector: the real `validate` and Phoenix's OTTL tier
accept and refuse the same calls, and the catalog lists exactly the functions (and arguments) of the
pinned `ottlfuncs`, transform processor and filter processor sources in the Go module cache.

The calls are generated from the catalog (`tests/engine/ottl_calls.py`), so a new entry is covered
without editing this file. Every case of a group goes into one config, each in its own processor
(`transform/7`, `filter/12`), and one `validate` run reports the processors it refuses.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import yaml

from app.engine.collector import CONTRIB_VERSION
from app.engine.ottl.functions import CATALOG, EXCLUDED, GETTERS, LAMBDA_FEATURE_GATE, FunctionSpec
from app.validation import validate_config
from tests.conftest import require_component
from tests.engine.ottl_calls import OVERRIDES, CatalogCall, all_minimal_calls, required_arguments

# --- running a batch of calls through both -----------------------------------------------------


def _config(calls: list[CatalogCall]) -> tuple[str, dict[str, CatalogCall]]:
    """One config with a processor per call (outside the pipeline: validate checks them all)."""
    processors: dict[str, dict] = {}
    by_id: dict[str, CatalogCall] = {}
    for index, call in enumerate(calls):
        component = f"{call.processor}/{index}"
        if call.processor == "transform":
            processors[component] = {"metric_statements": [{"context": call.context, "statements": [call.text]}]}
        else:
            processors[component] = {"metrics": {call.context: [call.text]}}
        by_id[component] = call
    config = {
        "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "127.0.0.1:4317"}}}},
        "processors": processors,
        "exporters": {"debug": {}},
        "service": {"pipelines": {"metrics": {"receivers": ["otlp"], "exporters": ["debug"]}}},
    }
    return yaml.safe_dump(config, sort_keys=False), by_id


def _collector_refusals(binary: Path, config: str, tmp_path: Path, *gates: str) -> dict[str, str]:
    """{component: message} for every processor the real collector's `validate` refuses."""
    path = tmp_path / "ottl-catalog.yaml"
    path.write_text(config)
    flags = [f"--feature-gates={gate}" for gate in gates]
    result = subprocess.run(
        [str(binary), "validate", f"--config={path}", *flags], capture_output=True, text=True, timeout=120
    )
    refusals = dict(re.findall(r"processors::((?:transform|filter)/\d+): (.*)", result.stdout + result.stderr))
    assert (result.returncode == 0) == (not refusals), result.stderr[-2000:]
    return refusals


def _phoenix_refusals(config: str) -> dict[str, str]:
    """{component: message} for every processor with an error of Phoenix's OTTL tier."""
    result = validate_config(config, run_otelcol=False)
    assert "ottl" in result.tiers_run
    refusals: dict[str, str] = {}
    for issue in result.errors:
        if issue.tier == "ottl":
            refusals.setdefault(issue.path.split(".")[1], issue.message)
    return refusals


def _disagreements(calls: list[CatalogCall], binary: Path, tmp_path: Path, *gates: str) -> list[str]:
    config, by_id = _config(calls)
    collector, phoenix = _collector_refusals(binary, config, tmp_path, *gates), _phoenix_refusals(config)
    return [
        f"{call.function} [{call.processor}/{call.context}] {call.text}\n"
        f"    collector: {collector.get(component, 'accepts')}\n    phoenix:   {phoenix.get(component, 'accepts')}"
        for component, call in by_id.items()
        if (component in collector) != (component in phoenix)
    ]


# --- every catalog function ----------------------------------------------------------------------

CALLS = all_minimal_calls()


def test_every_catalog_function_is_called() -> None:
    assert {call.function for call in CALLS} == set(CATALOG)
    assert {call.processor for call in CALLS if CATALOG[call.function].is_editor} == {"transform"}


def test_both_accept_a_minimal_call_of_every_catalog_function(otelcol_bin: Path, tmp_path: Path) -> None:
    """Lambda functions are the exception: the collector refuses every lambda while the
    `ottl.functions.enableLambda` gate is off (its default), and so does Phoenix."""
    config, by_id = _config(CALLS)
    collector, phoenix = _collector_refusals(otelcol_bin, config, tmp_path), _phoenix_refusals(config)
    problems = []
    for component, call in by_id.items():
        expected = LAMBDA_FEATURE_GATE if CATALOG[call.function].takes_lambda else None
        for who, refusals in (("collector", collector), ("phoenix", phoenix)):
            message = refusals.get(component)
            if (message is None) != (expected is None) or (expected and expected not in message):  # type: ignore[operator]
                problems.append(f"{who}: {call.function} {call.text}: {message or 'accepts'}")
    assert problems == [], "\n".join(problems)


def test_the_lambda_calls_are_valid_behind_the_feature_gate(otelcol_bin: Path, tmp_path: Path) -> None:
    lambdas = [call for call in CALLS if CATALOG[call.function].takes_lambda]
    assert lambdas, "0.159.0 has lambda functions (All, Any, Filter, Find, MapEach, MapKeys, Reduce, When)"
    config, _ = _config(lambdas)
    assert _collector_refusals(otelcol_bin, config, tmp_path, LAMBDA_FEATURE_GATE) == {}


# --- wrong calls, edge calls and literal conversions ---------------------------------------------


def _call(text: str, context: str = "datapoint", processor: str = "transform") -> CatalogCall:
    return CatalogCall(text.split("(")[0], processor, context, text)


WRONG = [
    _call('set(attributes["x"], Frobnicate("a"))'),  # unknown function
    _call('set(attributes["x"], Contains(attributes["a"], "b"))'),
    _call('set(attributes["x"], ToLowerCase("a", "b"))'),  # too many arguments
    _call('set(attributes["x"], Substring("abc"))'),  # too few
    _call('set(attributes["x"], ToLowerCase(1))'),  # a literal of the wrong type
    _call('set(attributes["x"], Double("abc"))'),
    _call('set(attributes["x"], Bool("maybe"))'),
    _call('set(attributes["x"], IsMap("a"))'),
    _call('set(attributes["x"], ContainsValue([{"a": 1}], 1))'),
    _call('set(attributes["x"], TruncateTime("2024", Duration("1s")))'),
    _call('limit(attributes, "1", [])'),
    _call("scale_metric(10)", "metric"),
    _call("scale_metric(-1.5)", "metric"),  # a signed number is math, not a float literal
    _call('convert_exponential_histogram_to_histogram("upper", [-1.0, 2.0])', "metric"),
    _call('set(attributes["x"], URL(uri = "http://a"))'),  # ToCamel("uri") is not the field URI
    _call('set(attributes["x"], IsMatch(target = "a", regex = "b"))'),
    _call('delete_key({"a": "b"}, "a")'),  # not a path
    _call('ToLowerCase("a")'),  # a converter as a statement
    _call('delete_key(attributes, "a")', processor="filter"),  # an editor as a condition
    _call("convert_sum_to_gauge()"),  # metric-only, in the datapoint context
    _call('set(attributes["x"], 1) where HasAttrOnDatapoint("a", "b")', "metric"),  # filter-only
    _call('set(attributes["x"], SpanID(0x01))'),  # factory checks
    _call('set(attributes["x"], IsInCIDR("10.0.0.1", ["nope"]))'),
    _call('set(attributes["x"], ConvertCase("a", "kebab"))'),
    _call('set(attributes["x"], Sort(["a"], "up"))'),
    _call('merge_maps(attributes, {"a": "b"}, "merge")'),
    _call('limit(attributes, 1, ["a", "b"])'),
    _call('truncate_all(attributes, 2, truncation_marker = "...")'),
    _call("flatten(attributes, depth = 0)"),
    _call('append(attributes["a"])'),
    _call('set(attributes["x"], Coalesce([]))'),
    _call('set(attributes["x"], IsMatch("a", "(?<=x)y"))'),
    _call('set(attributes["x"], ParseKeyValue("a", "=", "="))'),
    _call('aggregate_on_attributes("avg")', "metric"),
    _call('set(attributes["x"], otelcol.client)'),
    _call('set(attributes["x"], scope.name)', "resource"),
]
EDGES_ACCEPTED = [
    _call('set(attributes["x"], URL(u_r_i = "http://a"))'),
    _call('set(attributes["x"], Substring(target = "abc", start = 0, length = 1, utf8_safe = true))'),
    _call('set(attributes["x"], Int("abc"))'),  # an unparsable string is nil for IntLikeGetter
    _call('set(attributes["x"], Int(-1))'),  # a getter takes the folded -1
    _call('set(attributes["x"], Bool(1.5))'),
    _call('set(attributes["x"], Double("1_000"))'),
    _call('set(attributes["x"], ToLowerCase(1 + 2))'),  # math is not folded into a literal
    _call('set(attributes["x"], IsMatch(metric.name, attributes["pattern"]))'),  # a pattern from a path
    _call('set(attributes["x"], scope.name) where scope.version != nil'),
    _call('set(attributes["x"], otelcol.client.addr) where otelcol.grpc.metadata["k"] != nil'),
    _call('truncate_all(attributes, 3, utf8_safe = false, truncation_marker = "...")'),
    _call('keep_keys(attributes, [metric.name, "b"])'),
    # No named capture group: 0.159.0 checks that on every evaluation ("at least 1 named capture group
    # must be supplied in the given regex"), not while the config loads.
    _call('set(attributes["x"], ExtractPatterns("abc", "a(b)c"))'),
]


def test_both_refuse_the_wrong_calls_and_accept_the_edge_calls(otelcol_bin: Path, tmp_path: Path) -> None:
    config, by_id = _config(WRONG + EDGES_ACCEPTED)
    collector, phoenix = _collector_refusals(otelcol_bin, config, tmp_path), _phoenix_refusals(config)
    wrong = {c for c, call in by_id.items() if call in WRONG}
    assert set(collector) == wrong, {by_id[c].text: collector.get(c) for c in wrong ^ set(collector)}
    assert set(phoenix) == wrong, {by_id[c].text: phoenix.get(c) for c in wrong ^ set(phoenix)}


# Literals of every kind, given to one parameter of each getter type: the collector converts them
# while it loads the config, and refuses what does not convert.
LITERALS = [
    '"a"',
    '"12"',
    '"1.5"',
    '"1_000"',
    '"T"',
    '""',
    "1",
    "-1",
    "1.5",
    "true",
    "nil",
    "0x01",
    '["a"]',
    '[{"a": 1}]',
    '{"a": 1}',
    "METRIC_DATA_TYPE_SUM",
    'attributes["a"]',
    "Now()",
]


def _representative(kind: str) -> tuple[FunctionSpec, int]:
    """A converter with a required `kind` parameter and no factory checks on its arguments."""
    for spec in sorted(CATALOG.values(), key=lambda s: s.name):
        if spec.is_editor or spec.name in OVERRIDES or spec.takes_lambda or "transform" not in spec.processors:
            continue
        for index, param in enumerate(spec.params):
            if param.type == kind and not param.optional:
                return spec, index
    raise LookupError(kind)


def _literal_calls() -> list[CatalogCall]:
    calls = []
    for kind in sorted(GETTERS):
        spec, index = _representative(kind)
        args = required_arguments(spec)
        for literal in LITERALS:
            args[index] = literal
            calls.append(_call(f'set(attributes["x"], {spec.name}({", ".join(args)}))'))
    return calls


def test_literal_arguments_convert_as_in_the_collector(otelcol_bin: Path, tmp_path: Path) -> None:
    problems = _disagreements(_literal_calls(), otelcol_bin, tmp_path)
    assert problems == [], "\n".join(problems)


# --- the catalog is the pinned sources -----------------------------------------------------------

_CONTRIB = "github.com/open-telemetry/opentelemetry-collector-contrib"
_GO_TYPES = {
    "Getter": "getter",
    "StringGetter": "string_getter",
    "StringLikeGetter": "stringlike_getter",
    "IntGetter": "int_getter",
    "IntLikeGetter": "intlike_getter",
    "FloatGetter": "float_getter",
    "FloatLikeGetter": "floatlike_getter",
    "BoolGetter": "bool_getter",
    "BoolLikeGetter": "boollike_getter",
    "PMapGetter": "pmap_getter",
    "PSliceGetter": "pslice_getter",
    "ByteSliceLikeGetter": "bytes_getter",
    "TimeGetter": "time_getter",
    "DurationGetter": "duration_getter",
    "Setter": "setter",
    "GetSetter": "getsetter",
    "PMapGetSetter": "pmap_getsetter",
    "PSliceGetSetter": "pslice_getsetter",
    "FunctionGetter": "function",
    "LambdaExpression": "lambda",
    "Enum": "enum",
    "string": "string",
    "int64": "int",
    "float64": "float",
    "bool": "bool",
}
_FACTORY = re.compile(r'ottl\.NewFactory(?:\[[^\]]*\])?\(\s*("?)(\w+)"?\s*,\s*(?:&(\w+)|nil)')
_CONSTRUCTOR = re.compile(r"func (\w+)(?:\[[^\]]*\])?\(\)[^{]*\{\s*return ottl\.NewFactory[^(]*\(\s*(\"?)(\w+)")


@cache
def _module(path: str) -> Path:
    """A module of the pinned contrib release in the Go module cache (fails in CI when absent)."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    try:
        cache_dir = subprocess.run([go, "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        require_component("the Go module cache", f"`go env GOMODCACHE` failed: {exc}")
    module = Path(cache_dir.strip()) / f"{_CONTRIB}/{path}@v{CONTRIB_VERSION}"
    if not module.is_dir():
        require_component("the Go module cache", f"{module} is missing: run `make collector`")
    return module


def _go_type(text: str) -> tuple[str, bool]:
    optional = text.startswith("ottl.Optional[")
    text = text.removeprefix("ottl.Optional[").removesuffix("]") if optional else text
    is_list = text.lstrip("*").startswith("[]")
    base = re.sub(r"\[.*\]$", "", text.lstrip("*").removeprefix("[]").lstrip("*").removeprefix("ottl."))
    kind = _GO_TYPES.get(base, f"?{base}")
    return (f"{kind}_list" if is_list else kind), optional


def _sources(*files: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """{function name: [(Go field, catalog type, optional), ...]} from NewFactory calls and structs."""
    texts = [f.read_text() for f in files]
    consts = {k: v for text in texts for k, v in re.findall(r'(\w+)\s*=\s*"(\w+)"', text)}
    structs = {}
    for text in texts:
        for name, body in re.findall(r"type (\w+)(?:\[[^\]]*\])? struct \{\n(.*?)\n\}", text, re.S):
            fields = [re.match(r"\s*(\w+)\s+(\S+)", line.split("//")[0]) for line in body.splitlines()]
            structs[name] = [(m.group(1), *_go_type(m.group(2))) for m in fields if m]
    return {
        (name if quoted else consts[name]): structs.get(struct, [])
        for text in texts
        for quoted, name, struct in _FACTORY.findall(text)
    }


def _go_files(directory: Path) -> list[Path]:
    return sorted(f for f in directory.glob("func_*.go") if not f.name.endswith("_test.go"))


def test_the_catalog_has_every_ottlfuncs_function_of_the_pinned_release() -> None:
    ottlfuncs = _module("pkg/ottl") / "ottlfuncs"
    names = set(_sources(*_go_files(ottlfuncs)))
    catalog = {name for name, spec in CATALOG.items() if spec.origin == "ottlfuncs"}
    assert names - set(EXCLUDED) == catalog
    assert set(EXCLUDED) <= names, "an exclusion the pinned release no longer has"
    registered = (ottlfuncs / "functions.go").read_text()  # StandardFuncs / StandardConverters
    assert "NewIsRootSpanFactory" not in registered


def test_the_catalog_has_the_transform_and_filter_functions_of_the_pinned_release() -> None:
    metrics = _module("processor/transformprocessor") / "internal/metrics"
    constructors = {}
    for file in _go_files(metrics):
        text = file.read_text()
        consts = dict(re.findall(r'(\w+)\s*=\s*"(\w+)"', text))
        for function, quoted, name in _CONSTRUCTOR.findall(text):
            constructors[function] = name if quoted else consts[name]
    registered = (metrics / "functions.go").read_text()
    by_context = {}
    pattern = r"func (\w+)Functions\(\)(?:(?!\nfunc ).)*?CreateFactoryMap\((.*?)\n\t\)"
    for context, body in re.findall(pattern, registered, re.S):
        by_context[context] = {constructors[c] for c in re.findall(r"(\w+)\(\)", body)}
    for context, label in (("Metric", "metric"), ("DataPoint", "datapoint")):
        catalog = {n for n, s in CATALOG.items() if s.origin == "transform" and s.contexts == frozenset({label})}
        assert by_context[context] == catalog, label
    filterottl = _module("internal/filter") / "filterottl" / "functions.go"
    assert set(_sources(filterottl)) == {n for n, s in CATALOG.items() if s.origin == "filter"}


def test_every_catalog_signature_is_its_go_arguments_struct() -> None:
    files = _go_files(_module("pkg/ottl") / "ottlfuncs")
    files += _go_files(_module("processor/transformprocessor") / "internal/metrics")
    files.append(_module("internal/filter") / "filterottl" / "functions.go")
    sources = _sources(*files)
    mismatched = {
        name: (sources.get(name), [(p.go_field, p.type, p.optional) for p in spec.params])
        for name, spec in CATALOG.items()
        if sources.get(name) != [(p.go_field, p.type, p.optional) for p in spec.params]
    }
    assert mismatched == {}
