"""The visual builder's graph and the collector YAML, converted both ways.

A graph has one node per component id (`filter/drop`) with its kind and config, and directed edges
along each pipeline: receiver -> first processor -> ... -> last processor -> exporter (receiver ->
exporter when a pipeline has no processor). Converting YAML -> graph -> YAML keeps every key of the
config (comments are not kept); a graph whose edges cannot be read as linear pipelines is refused
with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, Field, ValidationError

from app.core import safe_yaml
from app.core.errors import Invalid
from app.core.models import StrictModel

Kind = Literal["receiver", "processor", "exporter", "extension", "connector"]
SECTIONS: dict[Kind, str] = {
    "extension": "extensions",
    "receiver": "receivers",
    "processor": "processors",
    "exporter": "exporters",
    "connector": "connectors",
}
# A config as JSON nests no deeper than the YAML loader reads back (and YAML's dumper can write).
NestedConfig = Annotated[dict[str, Any], AfterValidator(safe_yaml.check_depth)]
_STAGE_X = 280
_ROW_Y = 110


class Position(BaseModel):
    x: float = 0
    y: float = 0


class GraphNode(StrictModel):
    id: str = Field(min_length=1, max_length=128, description="component id: `type` or `type/name`")
    kind: Kind
    config: NestedConfig | None = None
    position: Position = Field(default_factory=Position)


class GraphEdge(StrictModel):
    source: str = Field(min_length=1, max_length=128)
    target: str = Field(min_length=1, max_length=128)
    pipeline: str = Field(default="metrics", min_length=1, max_length=128)


class PipelineGraph(StrictModel):
    nodes: list[GraphNode] = Field(default_factory=list, max_length=500)
    edges: list[GraphEdge] = Field(default_factory=list, max_length=2000)
    service: NestedConfig = Field(
        default_factory=dict, description="service settings other than pipelines and extensions (e.g. telemetry)"
    )


def _invalid(message: str, path: str = "body.graph") -> Invalid:
    return Invalid(message, [{"path": path, "message": message}])


# --- YAML -> graph ------------------------------------------------------------------------------


def yaml_to_graph(config_yaml: str) -> PipelineGraph:
    """The graph of a collector config; Invalid if it is not a mapping with a service section."""
    try:
        data = safe_yaml.load(config_yaml)
    except safe_yaml.SafeYamlError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise Invalid(
            f"config is not valid YAML{where}: {exc.message}",
            [{"path": "body.config_yaml", "message": exc.message, "line": exc.line, "reason": exc.reason.value}],
        ) from None
    if not isinstance(data, dict):
        raise _invalid("config must be a YAML mapping", "body.config_yaml")
    _refuse_binary(data)
    return config_to_graph(data)


def _refuse_binary(value: Any) -> None:
    """`!!binary` values have no JSON form for the builder (the loader bounded the depth already)."""
    if isinstance(value, bytes):
        raise _invalid("binary (!!binary) values cannot be shown in the builder", "body.config_yaml")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_binary(item)
    elif isinstance(value, list | set | tuple):
        for item in value:
            _refuse_binary(item)


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    """`value` as a mapping (empty when absent); a list or scalar where the collector wants a map is a 422."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid(f"{where} must be a mapping, not a {type(value).__name__}", "body.config_yaml")
    return value


def _ids(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(f"{where} must be a list of component ids", "body.config_yaml")
    return value


def config_to_graph(data: dict[str, Any]) -> PipelineGraph:
    """The graph of a config mapping; Invalid (422) when a section has the wrong shape."""
    try:
        return _config_to_graph(data)
    except ValidationError as exc:  # an id longer than a node holds, more nodes than a graph holds...
        first = exc.errors()[0] if exc.errors() else {"msg": str(exc)}
        raise _invalid(f"config cannot be shown as a graph: {first['msg']}", "body.config_yaml") from None


def _config_to_graph(data: dict[str, Any]) -> PipelineGraph:
    nodes: dict[str, GraphNode] = {}
    for kind, section in SECTIONS.items():
        for component_id, config in _mapping(data.get(section), section).items():
            where = f"{section}.{component_id}"
            nodes[str(component_id)] = GraphNode(
                id=str(component_id), kind=kind, config=None if config is None else _mapping(config, where)
            )
    service = dict(_mapping(data.get("service"), "service"))
    pipelines = _mapping(service.pop("pipelines", None), "service.pipelines")
    service.pop("extensions", None)
    edges: list[GraphEdge] = []
    for row, (pipeline_id, pipeline) in enumerate(pipelines.items()):
        where = f"service.pipelines.{pipeline_id}"
        pipeline = _mapping(pipeline, where)
        chain = [list(_ids(pipeline.get("receivers"), f"{where}.receivers"))]
        chain += [[p] for p in _ids(pipeline.get("processors"), f"{where}.processors")]
        chain.append(list(_ids(pipeline.get("exporters"), f"{where}.exporters")))
        for sources, targets in pairwise(chain):
            edges += [GraphEdge(source=s, target=t, pipeline=str(pipeline_id)) for s in sources for t in targets]
        _layout(nodes, chain, row)
    return PipelineGraph(nodes=list(nodes.values()), edges=edges, service=service)


def _layout(nodes: dict[str, GraphNode], chain: list[list[str]], row: int) -> None:
    """Left-to-right stages, one band per pipeline, so an imported config is readable at once."""
    for stage, ids in enumerate(chain):
        for offset, component_id in enumerate(ids):
            node = nodes.get(component_id)
            if node is not None and node.position == Position():
                node.position = Position(x=stage * _STAGE_X, y=(row * 3 + offset) * _ROW_Y)


# --- graph -> YAML ------------------------------------------------------------------------------


def _pipeline_lists(graph: PipelineGraph, kinds: dict[str, Kind]) -> dict[str, dict[str, list[str]]]:
    by_pipeline: dict[str, list[GraphEdge]] = defaultdict(list)
    for edge in graph.edges:
        for end in (edge.source, edge.target):
            if end not in kinds:
                raise _invalid(f"edge {edge.source} -> {edge.target} refers to unknown node {end!r}")
        by_pipeline[edge.pipeline].append(edge)

    pipelines = {}
    for pipeline_id, edges in by_pipeline.items():
        receivers = sorted({e.source for e in edges if kinds[e.source] == "receiver"}, key=_first_seen(edges))
        exporters = sorted({e.target for e in edges if kinds[e.target] == "exporter"}, key=_first_seen(edges))
        pipelines[pipeline_id] = {
            "receivers": receivers,
            "processors": _processor_chain(pipeline_id, edges, kinds),
            "exporters": exporters,
        }
    return pipelines


def _first_seen(edges: list[GraphEdge]) -> Any:
    order: dict[str, int] = {}
    for edge in edges:
        order.setdefault(edge.source, len(order))
        order.setdefault(edge.target, len(order))
    return lambda component_id: order[component_id]


def _processor_chain(pipeline_id: str, edges: list[GraphEdge], kinds: dict[str, Kind]) -> list[str]:
    """The processors of one pipeline in order; they must form a single path."""
    following: dict[str, set[str]] = defaultdict(set)
    preceding: dict[str, set[str]] = defaultdict(set)
    processors: set[str] = set()
    for edge in edges:
        source_kind, target_kind = kinds[edge.source], kinds[edge.target]
        if source_kind in ("exporter", "extension") or target_kind in ("receiver", "extension"):
            raise _invalid(
                f"pipeline {pipeline_id}: an edge cannot go from {source_kind} {edge.source} "
                f"to {target_kind} {edge.target}"
            )
        if source_kind == "processor":
            processors.add(edge.source)
        if target_kind == "processor":
            processors.add(edge.target)
        if source_kind == "processor" and target_kind == "processor":
            following[edge.source].add(edge.target)
            preceding[edge.target].add(edge.source)
    if not processors:
        return []
    heads = [p for p in processors if not preceding[p]]
    if len(heads) != 1 or any(len(nxt) > 1 for nxt in following.values()):
        raise _invalid(f"pipeline {pipeline_id}: processors must form one chain (receivers -> p1 -> ... -> exporters)")
    chain = [heads[0]]
    while following[chain[-1]]:
        nxt = next(iter(following[chain[-1]]))
        if nxt in chain:
            raise _invalid(f"pipeline {pipeline_id}: processors form a cycle at {nxt}")
        chain.append(nxt)
    if len(chain) != len(processors):
        raise _invalid(f"pipeline {pipeline_id}: processors must form one chain; some are disconnected")
    return chain


def graph_to_config(graph: PipelineGraph) -> dict[str, Any]:
    """The collector config (as a mapping) that the graph describes."""
    kinds: dict[str, Kind] = {}
    for node in graph.nodes:
        if node.id in kinds:
            raise _invalid(f"duplicate node id {node.id!r}")
        kinds[node.id] = node.kind
    config: dict[str, Any] = {}
    for kind, section in SECTIONS.items():
        members = {n.id: n.config for n in graph.nodes if n.kind == kind}
        if members:
            config[section] = members
    service: dict[str, Any] = {}
    extensions = [n.id for n in graph.nodes if n.kind == "extension"]
    if extensions:
        service["extensions"] = extensions
    service.update({k: v for k, v in graph.service.items() if k not in ("pipelines", "extensions")})
    service["pipelines"] = _pipeline_lists(graph, kinds)
    config["service"] = service
    return config


def graph_to_yaml(graph: PipelineGraph) -> str:
    """Collector YAML for the graph, sections in the collector docs' order."""
    return yaml.safe_dump(graph_to_config(graph), sort_keys=False, default_flow_style=False)
