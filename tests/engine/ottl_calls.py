"""One minimal call of every OTTL function in Phoenix's catalog, written from its signature.

Each argument gets a value of its parameter's type that the pinned collector's factories accept
(`_ARGUMENT`), unless `OVERRIDES` gives the function's own arguments (an option from a fixed set,
a valid CIDR, a grok pattern with a capture). A new catalog entry gets a call automatically; the
agreement test (`tests/otelcol/test_ottl_catalog.py`) runs them through the real collector, and the
engine tests compile them. Lambda functions get a lambda, which the collector only accepts behind
the `ottl.functions.enableLambda` feature gate.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.ottl.functions import CATALOG, FunctionSpec

_ARGUMENT = {
    "getter": '"a"',
    "string_getter": '"a"',
    "stringlike_getter": '"a"',
    "int_getter": "1",
    "intlike_getter": "1",
    "float_getter": "1.5",
    "floatlike_getter": "1.5",
    "bool_getter": "true",
    "boollike_getter": "true",
    "pmap_getter": '{"a": "b"}',
    "pslice_getter": '["a"]',
    "bytes_getter": "0x01",
    "time_getter": "Now()",
    "duration_getter": 'Duration("1s")',
    "setter": 'attributes["a"]',
    "getsetter": 'attributes["a"]',
    "pmap_getsetter": "attributes",
    "pslice_getsetter": 'attributes["list"]',
    "string": '"a"',
    "int": "1",
    "float": "1.5",
    "bool": "true",
    "bytes": "0x01",
    "string_list": '["a"]',
    "int_list": "[1]",
    "float_list": "[1.0]",
    "getter_list": '["a"]',
    "string_getter_list": '["a"]',
    "stringlike_getter_list": '["a"]',
    "function": "SHA256",
}
_LAMBDAS = {"predicate": "(k, v) => v != nil", "mapper": "(k, v) => v", "key_mapper": "(k, v) => k"}
_LAMBDAS |= {"accumulator": "(acc, k, v) => acc", "condition": "() => true"}

# Arguments a function's factory checks while the config loads.
OVERRIDES = {
    "append": 'attributes["a"], value = "b"',
    "CommunityID": '"10.0.0.1", 1, "10.0.0.2", 2',
    "ConvertCase": '"a", "lower"',
    "Decode": '"a", "utf-8"',
    "ExtractGrokPatterns": '"a", "%{WORD:word}"',
    "ExtractPatterns": '"a", "(?P<a>a)"',
    "Format": '"%s", ["a"]',
    "FormatTime": 'Now(), "%Y"',
    "GetXML": '"<a/>", "/a"',
    "InsertXML": '"<a/>", "/a", "<b/>"',
    "IsInCIDR": '"10.0.0.1", ["10.0.0.0/8"]',
    "ParseInt": '"1", 10',
    "ParseSeverity": '"a", {"error": ["a"]}',
    "ProfileID": "0x0102030405060708090a0b0c0d0e0f10",
    "RemoveXML": '"<a/>", "/a"',
    "SpanID": "0x0102030405060708",
    "Substring": '"abc", 0, 1',
    "Time": '"2024", "%Y"',
    "TraceID": "0x0102030405060708090a0b0c0d0e0f10",
    "aggregate_on_attribute_value": '"sum", "a", ["b"], "c"',
    "aggregate_on_attributes": '"sum"',
    "convert_exponential_histogram_to_histogram": '"upper", [1.0]',
    "convert_gauge_to_sum": '"delta", false',
    "convert_summary_count_val_to_sum": '"delta", false',
    "convert_summary_sum_val_to_sum": '"delta", false',
    "extract_percentile_metric": "50.0",
    "merge_maps": 'attributes, {"a": "b"}, "upsert"',
    "replace_all_patterns": 'attributes, "key", "a", "b"',
}


@dataclass(frozen=True)
class CatalogCall:
    """Where a function is called: `processor` (transform/filter), `context` and the OTTL text."""

    function: str
    processor: str
    context: str
    text: str

    @property
    def kind(self) -> str:
        """`statement` for a transform statement, `condition` for a filter condition."""
        return "statement" if self.processor == "transform" else "condition"


def required_arguments(spec: FunctionSpec) -> list[str]:
    """A value of its type for each required parameter (without the overrides)."""
    return [_LAMBDAS[p.name] if p.type == "lambda" else _ARGUMENT[p.type] for p in spec.params if not p.optional]


def call_text(spec: FunctionSpec) -> str:
    """`Name(args)` with the required arguments (the overrides' choice where a factory needs one)."""
    if spec.name in OVERRIDES:
        return f"{spec.name}({OVERRIDES[spec.name]})"
    return f"{spec.name}({', '.join(required_arguments(spec))})"


def minimal_calls(spec: FunctionSpec) -> list[CatalogCall]:
    """The calls that exercise `spec` in every processor that offers it (one context each)."""
    text = call_text(spec)
    context = sorted(spec.contexts)[0] if spec.contexts else "datapoint"
    calls = []
    if "transform" in spec.processors:
        statement = text if spec.is_editor else f'set(attributes["x"], {text})'
        calls.append(CatalogCall(spec.name, "transform", context, statement))
    if "filter" in spec.processors:
        calls.append(CatalogCall(spec.name, "filter", context, f"{text} != nil"))
    return calls


def all_minimal_calls() -> list[CatalogCall]:
    return [call for spec in CATALOG.values() for call in minimal_calls(spec)]
