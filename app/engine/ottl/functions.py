"""Every OTTL function the pinned collector offers to metric pipelines, as signatures for the checker.

Sources (otelcol-contrib 0.128.0): the `pkg/ottl/ottlfuncs` README and the `Arguments` structs
of its factories (parameter names are the snake_case of the Go field names, which is what named
arguments must use), the transform processor's metric functions and the filter processor's
`HasAttr*OnDatapoint` converters. `engine_supported` says whether the local engine executes it.

Differences between the docs and the 0.128.0 code, resolved in favour of the code:
- `Concat(values[], delimiter)`: the named argument is `vals`.
- `limit`: the code allows as many priority keys as the limit (the README says "less than").
- `copy_metric(desc=...)` in the transform README: the parameter is `description`.
- `extract_sum_metric`/`extract_count_metric`/`convert_summary_*_val_to_sum` got their optional
  `suffix` in 0.129, `convert_summary_quantile_val_to_gauge` in 0.132, `merge_histogram_buckets`
  in 0.135 and `extract_percentile_metric` later still: newer READMEs list them, 0.128 does not.
- Converters newer than 0.128 that current READMEs list: ContainsValue (first shipped in the
  0.129 ottlfuncs), Keys/ParseInt (0.130), Values (0.131), UUIDv7 (0.132), Index (0.134), XXH3
  (0.138), TrimPrefix/TrimSuffix/XXH128 (0.139), CommunityID/ParseSeverity (0.141), Bool (0.143),
  `delete_index` (0.145), IsInCIDR (0.146), Base64Encode (0.147), Coalesce (0.150).
- `IsMatch`'s pattern, `delete_key`'s key and `keep_keys`' keys are literals in 0.128 (paths and
  expressions there arrived in 0.139).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Parameter types. Getter types accept any value (path, literal, converter, math); their runtime
# type is checked during evaluation, as in the collector. The others constrain what may be written.
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
        "pmap_getter",
        "pslice_getter",
        "bytes_getter",
        "time_getter",
        "duration_getter",
    }
)
PATH_TYPES = frozenset({"setter", "getsetter"})
LITERAL_TYPES = frozenset({"string", "int", "float", "bool", "bytes"})
LIST_TYPES = frozenset({"string_list", "int_list", "float_list", "getter_list", "stringlike_getter_list"})
OTHER_TYPES = frozenset({"enum", "function"})


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    optional: bool = False


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
    def signature(self) -> str:
        parts = [f"Optional[{p.name}]" if p.optional else p.name for p in self.params]
        return f"{self.name}({', '.join(parts)})"


_EDITORS = """
append(target: getsetter, value?: getter, values?: getter_list)
delete_key(target: pmap_getter, key: string) +
delete_matching_keys(target: pmap_getter, pattern: string) +
flatten(target: pmap_getter, prefix?: string, depth?: int, resolve_conflicts?: bool)
keep_keys(target: pmap_getter, keys: string_list) +
keep_matching_keys(target: pmap_getter, pattern: string) +
limit(target: pmap_getter, limit: int, priority_keys: string_list) +
merge_maps(target: pmap_getter, source: pmap_getter, strategy: string) +
replace_all_matches(target: pmap_getter, pattern: string, replacement: string_getter,
    function?: function, replacement_format?: string_getter)
replace_all_patterns(target: pmap_getter, mode: string, regex_pattern: string, replacement: string_getter,
    function?: function, replacement_format?: string_getter) +
replace_match(target: getsetter, pattern: string, replacement: string_getter,
    function?: function, replacement_format?: string_getter)
replace_pattern(target: getsetter, regex_pattern: string, replacement: string_getter,
    function?: function, replacement_format?: string_getter) +
set(target: setter, value: getter) +
truncate_all(target: pmap_getter, limit: int) +
"""

_CONVERTERS = """
Base64Decode(target: string_getter)
Concat(vals: stringlike_getter_list, delimiter: string) +
ConvertAttributesToElementsXML(target: string_getter, x_path?: string)
ConvertCase(target: string_getter, to_case: string)
ConvertTextToElementsXML(target: string_getter, x_path?: string, element_name?: string)
Day(time: time_getter)
Decode(target: getter, encoding: string)
Double(target: floatlike_getter) +
Duration(duration: string_getter) +
ExtractGrokPatterns(target: string_getter, pattern: string, named_captures_only?: bool,
    pattern_definitions?: string_list)
ExtractPatterns(target: string_getter, pattern: string)
FNV(target: string_getter)
Format(format: string, vals: getter_list)
FormatTime(time: time_getter, format: string)
GetXML(target: string_getter, x_path: string)
HasPrefix(target: string_getter, prefix: string) +
HasSuffix(target: string_getter, suffix: string) +
Hex(target: bytes_getter)
Hour(time: time_getter)
Hours(duration: duration_getter) +
InsertXML(target: string_getter, x_path: string, sub_document: string_getter)
Int(target: intlike_getter) +
IsBool(target: bool_getter) +
IsDouble(target: float_getter) +
IsInt(target: int_getter) +
IsList(target: getter) +
IsMap(target: pmap_getter) +
IsMatch(target: stringlike_getter, pattern: string) +
IsString(target: string_getter) +
IsValidLuhn(target: stringlike_getter)
Len(target: getter) +
Log(target: floatlike_getter) +
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
ParseJSON(target: string_getter)
ParseKeyValue(target: string_getter, delimiter?: string, pair_delimiter?: string)
ParseSimplifiedXML(target: string_getter)
ParseXML(target: string_getter)
ProfileID(bytes: bytes)
RemoveXML(target: string_getter, x_path: string)
SHA1(target: string_getter) +
SHA256(target: string_getter) +
SHA512(target: string_getter) +
Second(time: time_getter)
Seconds(duration: duration_getter) +
SliceToMap(target: getter, key_path: string_list, value_path?: string_list)
Sort(target: getter, order?: string)
SpanID(bytes: bytes)
Split(target: string_getter, delimiter: string) +
String(target: stringlike_getter) +
Substring(target: string_getter, start: int_getter, length: int_getter) +
Time(time: string_getter, format: string, location?: string, locale?: string)
ToCamelCase(target: string_getter)
ToKeyValueString(target: pmap_getter, delimiter?: string, pair_delimiter?: string, sort_output?: bool)
ToLowerCase(target: string_getter) +
ToSnakeCase(target: string_getter)
ToUpperCase(target: string_getter) +
TraceID(bytes: bytes)
Trim(target: string_getter, replacement?: string)
TruncateTime(time: time_getter, duration: duration_getter) +
URL(uri: string_getter)
UUID()
Unix(seconds: int_getter, nanoseconds?: int_getter) +
UnixMicro(time: time_getter) +
UnixMilli(time: time_getter) +
UnixNano(time: time_getter) +
UnixSeconds(time: time_getter) +
UserAgent(user_agent: string_getter)
Weekday(time: time_getter)
Year(time: time_getter)
"""

# processor/transformprocessor metric-context functions (0.128.0).
_TRANSFORM_METRIC = """
aggregate_on_attribute_value(aggregation_function: string, attribute: string, values: string_list,
    new_value: string)
aggregate_on_attributes(aggregation_function: string, attributes?: string_list) +
convert_exponential_histogram_to_histogram(distribution: string, explicit_bounds: float_list)
convert_gauge_to_sum(string_agg_temp: string, monotonic: bool) +
convert_sum_to_gauge() +
copy_metric(name?: string_getter, description?: string_getter, unit?: string_getter) +
extract_count_metric(monotonic: bool)
extract_sum_metric(monotonic: bool)
scale_metric(multiplier: float, unit?: string_getter) +
"""

# processor/transformprocessor datapoint-context functions (0.128.0): they read summary points.
_TRANSFORM_DATAPOINT = """
convert_summary_count_val_to_sum(string_agg_temp: string, monotonic: bool)
convert_summary_sum_val_to_sum(string_agg_temp: string, monotonic: bool)
"""

# processor/filterprocessor metric-context converters (0.128.0).
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
            params.append(Param(pname.rstrip("?"), ptype, pname.endswith("?")))
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

# Functions people expect that OTTL does not have, with what to write instead.
MISSING_HINTS: dict[str, str] = {
    "random": "OTTL has no random(): sample with a sampling processor, or keep/drop by attributes",
    "Random": "OTTL has no Random(): sample with a sampling processor, or keep/drop by attributes",
    "matches": "use IsMatch(target, pattern)",
    "Matches": "use IsMatch(target, pattern)",
    "regex_match": "use IsMatch(target, pattern)",
    "delete": 'use delete_key(map, "key") or delete_matching_keys(map, pattern)',
    "Contains": 'OTTL 0.128 has no Contains(): use IsMatch(target, ".*text.*")',
    "ContainsValue": "ContainsValue arrived after 0.128: compare each value with ==",
    "Keys": "Keys() arrived in collector 0.130",
    "Values": "Values() arrived in collector 0.131",
    "Index": "Index() arrived in collector 0.134",
    "Bool": "Bool() arrived in collector 0.143",
    "delete_index": "delete_index() arrived in collector 0.145",
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
