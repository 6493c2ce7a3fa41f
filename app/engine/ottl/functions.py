"""Every OTTL function the pinned collector offers to metric pipelines, as signatures for the checker.

Sources (otelcol-contrib 0.159.0, `CONTRIB_VERSION`): the factories and `Arguments` structs of
`pkg/ottl/ottlfuncs` (`StandardFuncs`: the editors and converters every transform context gets,
`StandardConverters`: what the filter's contexts get), the transform processor's
`internal/metrics/functions.go` (metric- and datapoint-context functions) and
`internal/filter/filterottl/functions.go` (the filter's metric-context `HasAttr*OnDatapoint`).
`engine_supported` says whether the local engine executes it.

A parameter's name is the snake_case a named argument uses; the collector binds it to the Go field
`strcase.ToCamel(name)` (`go_field_name`), so a field whose name does not round-trip is written
`name=Field` (`URL(uri=URI: ...)`: `uri = "..."` is refused by the collector, `u_r_i = "..."` works).
Types are the Go argument types: getters take any value (a literal is converted at parse time, see
`checker.literal_fits`), `*_getsetter`/`setter` need a path, plain `string`/`int`/`float`/`bool`
need a literal, `lambda` a lambda expression (only accepted behind the `ottl.functions.enableLambda`
feature gate, off by default in 0.159.0).

Not listed on purpose: `IsRootSpan` (registered only for the filter's span conditions) and the
transform processor's exemplar context (Phoenix checks resource, scope, metric and datapoint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Parameter types (the Go argument types, see the module docstring). Getters accept any value
# (path, literal, converter, math); a literal is checked against the getter's type at parse time.
GETTERS = frozenset(
    {
        "getter",
        "string_getter",
        "stringlike_getter",
        "int_getter",
        "intlike_getter",
        "float_getter",
        "floatlike_getter",
        "bool_getter",
        "boollike_getter",
        "pmap_getter",
        "pslice_getter",
        "bytes_getter",  # ByteSliceLikeGetter
        "time_getter",
        "duration_getter",
    }
)
PATH_TYPES = frozenset({"setter", "getsetter", "pmap_getsetter", "pslice_getsetter"})
LITERAL_TYPES = frozenset({"string", "int", "float", "bool", "bytes"})
LIST_TYPES = frozenset(
    {"string_list", "int_list", "float_list", "getter_list", "string_getter_list", "stringlike_getter_list"}
)
OTHER_TYPES = frozenset({"enum", "function", "lambda"})
LAMBDA_FEATURE_GATE = "ottl.functions.enableLambda"


def go_field_name(name: str) -> str:
    """`strcase.ToCamel` (iancoleman/strcase 0.3.0), which the collector applies to a named argument."""
    out, cap_next, prev_cap = [], True, False
    for index, char in enumerate(name.strip()):
        is_cap, is_low = "A" <= char <= "Z", "a" <= char <= "z"
        if cap_next:
            char = char.upper() if is_low else char
        elif index == 0:
            char = char.lower() if is_cap else char
        elif prev_cap and is_cap:
            char = char.lower()
        prev_cap = is_cap
        if is_cap or is_low:
            out.append(char)
            cap_next = False
        elif char.isdigit():
            out.append(char)
            cap_next = True
        else:
            cap_next = char in "_ -."
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Param:
    name: str  # the documented snake_case name
    type: str
    optional: bool = False
    field: str = ""  # the Go field; empty: go_field_name(name)

    @property
    def go_field(self) -> str:
        return self.field or go_field_name(self.name)

    @property
    def named_as(self) -> str:
        """What a named argument must be called for the collector to find the field."""
        if go_field_name(self.name) == self.go_field:
            return self.name
        return re.sub(r"(?<!^)([A-Z])", r"_\1", self.go_field).lower()


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    params: tuple[Param, ...]
    origin: str  # ottlfuncs, transform, filter
    processors: frozenset[str]
    contexts: frozenset[str] | None  # None: every context
    engine_supported: bool

    @property
    def is_editor(self) -> bool:
        return self.name[:1].islower()

    @property
    def takes_lambda(self) -> bool:
        return any(p.type == "lambda" for p in self.params)

    @property
    def signature(self) -> str:
        parts = [f"Optional[{p.name}]" if p.optional else p.name for p in self.params]
        return f"{self.name}({', '.join(parts)})"


# `+` marks what the local engine runs. ottlfuncs editors (`StandardFuncs`, transform only).
_EDITORS = """
append(target: getsetter, value?: getter, values?: getter_list)
delete_index(target: pslice_getsetter, start_index: int_getter, end_index?: int_getter)
delete_key(target: pmap_getsetter, key: string_getter) +
delete_matching_keys(target: pmap_getsetter, pattern: string_getter) +
flatten(target: pmap_getsetter, prefix?: string, depth?: int, resolve_conflicts?: bool)
keep_keys(target: pmap_getsetter, keys: string_getter_list) +
keep_matching_keys(target: pmap_getsetter, pattern: string_getter) +
limit(target: pmap_getsetter, limit: int, priority_keys: string_list) +
merge_maps(target: pmap_getsetter, source: pmap_getter, strategy: string) +
replace_all_matches(target: pmap_getsetter, pattern: string_getter, replacement: string_getter,
    function?: function, replacement_format?: string_getter)
replace_all_patterns(target: pmap_getsetter, mode: string, regex_pattern: string_getter,
    replacement: string_getter, function?: function, replacement_format?: string_getter) +
replace_match(target: getsetter, pattern: string_getter, replacement: string_getter,
    function?: function, replacement_format?: string_getter)
replace_pattern(target: getsetter, regex_pattern: string_getter, replacement: string_getter,
    function?: function, replacement_format?: string_getter) +
set(target: setter, value: getter) +
stringify_all(target: pmap_getsetter)
truncate_all(target: pmap_getsetter, limit: int, utf8_safe?: bool, truncation_marker?: string) +
"""

# ottlfuncs converters (`StandardConverters`: transform and filter, every context).
_CONVERTERS = """
All(source: getter, predicate: lambda)
Any(source: getter, predicate: lambda)
Base64Decode(target: string_getter)
Base64Encode(target: string_getter, variant?: string_getter)
Bool(target: boollike_getter) +
Coalesce(values: getter_list) +
CommunityID(source_ip=SourceIP: string_getter, source_port: int_getter, destination_ip=DestinationIP: string_getter,
    destination_port: int_getter, protocol?: string_getter, seed?: int_getter)
Concat(vals: stringlike_getter_list, delimiter: string_getter) +
ContainsValue(target: pslice_getter, item: getter)
ConvertAttributesToElementsXML(target: string_getter, x_path?: string)
ConvertCase(target: string_getter, to_case: string)
ConvertTextToElementsXML(target: string_getter, x_path?: string, element_name?: string)
Day(time: time_getter)
Decode(target: getter, encoding: string_getter)
Double(target: floatlike_getter) +
Duration(duration: string_getter) +
ExtractGrokPatterns(target: string_getter, pattern: string_getter, named_captures_only?: bool,
    pattern_definitions?: string_list)
ExtractPatterns(target: string_getter, pattern: string_getter)
Filter(source: getter, predicate: lambda)
Find(source: getter, predicate: lambda, mapper?: lambda)
FNV(target: string_getter)
Format(format: string, vals: getter_list)
FormatTime(time: time_getter, format: string)
GetXML(target: string_getter, x_path: string)
HasPrefix(target: string_getter, prefix: string_getter) +
HasSuffix(target: string_getter, suffix: string_getter) +
Hex(target: bytes_getter)
Hour(time: time_getter)
Hours(duration: duration_getter) +
Index(target: getter, value: getter)
InsertXML(target: string_getter, x_path: string, sub_document: string_getter)
Int(target: intlike_getter) +
IsBool(target: bool_getter) +
IsDouble(target: float_getter) +
IsEmpty(target: getter) +
IsInCIDR(target: string_getter, networks: string_getter_list)
IsInt(target: int_getter) +
IsList(target: getter) +
IsMap(target: pmap_getter) +
IsMatch(target: stringlike_getter, pattern: string_getter) +
IsString(target: string_getter) +
IsValidLuhn(target: stringlike_getter)
Keys(target: pmap_getter) +
Len(target: getter) +
Log(target: floatlike_getter) +
MapEach(source: getter, mapper: lambda)
MapKeys(source: pmap_getter, key_mapper: lambda)
MD5(target: string_getter) +
Microseconds(duration: duration_getter) +
Milliseconds(duration: duration_getter) +
Minute(time: time_getter)
Minutes(duration: duration_getter) +
Month(time: time_getter)
Murmur3Hash(target: string_getter)
Murmur3Hash128(target: string_getter)
Nanosecond(time: time_getter)
Nanoseconds(duration: duration_getter) +
Now() +
ParseCSV(target: string_getter, header: string_getter, delimiter?: string, header_delimiter?: string,
    mode?: string)
ParseInt(target: string_getter, base: int_getter) +
ParseJSON(target: string_getter)
ParseKeyValue(target: string_getter, delimiter?: string, pair_delimiter?: string)
ParseSeverity(target: getter, mapping: pmap_getter)
ParseSimplifiedXML(target: string_getter)
ParseXML(target: string_getter)
ProfileID(target: bytes_getter)
Reduce(source: getter, seed: getter, accumulator: lambda)
RemoveXML(target: string_getter, x_path: string)
SHA1(target: string_getter) +
SHA256(target: string_getter) +
SHA512(target: string_getter) +
Second(time: time_getter)
Seconds(duration: duration_getter) +
SliceToMap(target: pslice_getter, key_path?: string_list, value_path?: string_list)
Sort(target: getter, order?: string)
SpanID(target: bytes_getter)
Split(target: string_getter, delimiter: string_getter) +
String(target: stringlike_getter) +
Substring(target: string_getter, start: int_getter, length: int_getter, utf8_safe?: bool) +
Time(time: string_getter, format: string, location?: string, locale?: string)
ToCamelCase(target: string_getter)
ToKeyValueString(target: pmap_getter, delimiter?: string, pair_delimiter?: string, sort_output?: bool)
ToLowerCase(target: string_getter) +
ToSnakeCase(target: string_getter)
ToUpperCase(target: string_getter) +
TraceID(target: bytes_getter)
Trim(target: string_getter, replacement?: string)
TrimPrefix(target: string_getter, prefix: string_getter) +
TrimSuffix(target: string_getter, suffix: string_getter) +
TruncateTime(time: time_getter, duration: duration_getter) +
URL(uri=URI: string_getter)
UUID()
UUIDv7()
Unix(seconds: int_getter, nanoseconds?: int_getter) +
UnixMicro(time: time_getter) +
UnixMilli(time: time_getter) +
UnixNano(time: time_getter) +
UnixSeconds(time: time_getter) +
UserAgent(user_agent: string_getter)
Values(target: pmap_getter) +
Weekday(time: time_getter)
When(condition: lambda, true_value: getter, false_value: getter)
XXH128(target: string_getter)
XXH3(target: string_getter)
Year(time: time_getter)
"""

# processor/transformprocessor `MetricFunctions()`: metric context only.
_TRANSFORM_METRIC = """
aggregate_on_attribute_value(aggregation_function: string, attribute: string, values: string_list,
    new_value: string)
aggregate_on_attributes(aggregation_function: string, attributes?: string_list) +
convert_exponential_histogram_to_histogram(distribution_fn: string, explicit_bounds: float_list)
convert_gauge_to_sum(string_agg_temp: string, monotonic: bool) +
convert_sum_to_gauge() +
convert_summary_quantile_val_to_gauge(attribute_key?: string, suffix?: string)
copy_metric(name?: string_getter, description?: string_getter, unit?: string_getter) +
extract_count_metric(monotonic: bool, suffix?: string)
extract_percentile_metric(percentile: float, suffix?: string)
extract_sum_metric(monotonic: bool, suffix?: string)
scale_metric(multiplier: float, unit?: string_getter) +
"""

# processor/transformprocessor `DataPointFunctions()`: datapoint context only.
_TRANSFORM_DATAPOINT = """
convert_summary_count_val_to_sum(string_agg_temp: string, monotonic: bool, suffix?: string)
convert_summary_sum_val_to_sum(string_agg_temp: string, monotonic: bool, suffix?: string)
merge_histogram_buckets(target_value: floatlike_getter, method?: string)
"""

# internal/filter/filterottl `StandardMetricFuncs()`: the filter processor's metric context.
_FILTER_METRIC = """
HasAttrKeyOnDatapoint(key: string) +
HasAttrOnDatapoint(key: string, expected_val: string) +
"""

_LINE = re.compile(r"^(\w+)\((.*)\)\s*(\+)?$")


def _parse(
    block: str, origin: str, processors: frozenset[str], contexts: frozenset[str] | None
) -> dict[str, FunctionSpec]:
    specs: dict[str, FunctionSpec] = {}
    block = re.sub(r",\s*\n\s*", ", ", block)  # an entry may continue on an indented line
    for line in filter(None, (raw.strip() for raw in block.splitlines())):
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"bad catalog line {line!r}")
        name, raw_params, supported = match.groups()
        params = []
        for item in filter(None, (p.strip() for p in raw_params.split(","))):
            pname, ptype = (x.strip() for x in item.split(":"))
            pname, _, field = pname.partition("=")  # `name=GoField` when ToCamel(name) is not the field
            optional = pname.endswith("?") or field.endswith("?")
            params.append(Param(pname.rstrip("?"), ptype, optional, field.rstrip("?")))
        specs[name] = FunctionSpec(name, tuple(params), origin, processors, contexts, supported is not None)
    return specs


_TRANSFORM = frozenset({"transform"})
_BOTH = frozenset({"transform", "filter"})
_METRIC_ONLY = frozenset({"metric"})

CATALOG: dict[str, FunctionSpec] = {
    **_parse(_EDITORS, "ottlfuncs", _TRANSFORM, None),
    **_parse(_CONVERTERS, "ottlfuncs", _BOTH, None),
    **_parse(_TRANSFORM_METRIC, "transform", _TRANSFORM, _METRIC_ONLY),
    **_parse(_TRANSFORM_DATAPOINT, "transform", _TRANSFORM, frozenset({"datapoint"})),
    **_parse(_FILTER_METRIC, "filter", frozenset({"filter"}), _METRIC_ONLY),
}

# Functions the pinned ottlfuncs registers that the catalog leaves out, with the reason.
EXCLUDED: dict[str, str] = {
    "IsRootSpan": "registered only for the filter processor's span conditions, not for metrics",
}

# Functions people expect that OTTL does not have, with what to write instead.
MISSING_HINTS: dict[str, str] = {
    "random": "OTTL has no random(): sample with a sampling processor, or keep/drop by attributes",
    "Random": "OTTL has no Random(): sample with a sampling processor, or keep/drop by attributes",
    "matches": "use IsMatch(target, pattern)",
    "Matches": "use IsMatch(target, pattern)",
    "regex_match": "use IsMatch(target, pattern)",
    "delete": 'use delete_key(map, "key") or delete_matching_keys(map, pattern)',
    "Contains": 'OTTL has no Contains(): use IsMatch(target, ".*text.*"), or ContainsValue(list, value) for a list',
    "Lower": "use ToLowerCase(target)",
    "Upper": "use ToUpperCase(target)",
    "sum": 'OTTL math has no sum(): use + or aggregate_on_attributes("sum", [...]) in the metric context',
    "Sum": 'OTTL has no Sum(): use + or aggregate_on_attributes("sum", [...]) in the metric context',
    "drop": "the transform processor cannot drop data: use the filter processor, whose conditions drop what they match",
}


def lookup(name: str) -> FunctionSpec | None:
    return CATALOG.get(name)


def available(spec: FunctionSpec, processor: str, context: str) -> bool:
    return processor in spec.processors and (spec.contexts is None or context in spec.contexts)
