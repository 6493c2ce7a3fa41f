// Graph → collector config → YAML, and back: the live YAML pane and YAML import.
// Mirrors the server's conversion (app/pipelines/graph.py) so both sides show the same config.
import { parseDocument, stringify } from "yaml";
import { SECTION, type BuilderEdge, type BuilderGraph, type BuilderNode, type Config, type Kind } from "./graphModel.ts";

export class GraphError extends Error {}

function firstSeenOrder(edges: BuilderEdge[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const edge of edges) {
    if (!order.has(edge.source)) order.set(edge.source, order.size);
    if (!order.has(edge.target)) order.set(edge.target, order.size);
  }
  return order;
}

/** The processors of one pipeline in order; they must form a single path. */
function processorChain(pipeline: string, edges: BuilderEdge[], kinds: Map<string, Kind>): string[] {
  const next = new Map<string, Set<string>>();
  const previous = new Map<string, Set<string>>();
  const processors = new Set<string>();
  for (const edge of edges) {
    if (kinds.get(edge.source) === "processor") processors.add(edge.source);
    if (kinds.get(edge.target) === "processor") processors.add(edge.target);
    if (kinds.get(edge.source) === "processor" && kinds.get(edge.target) === "processor") {
      if (!next.has(edge.source)) next.set(edge.source, new Set());
      if (!previous.has(edge.target)) previous.set(edge.target, new Set());
      next.get(edge.source)!.add(edge.target);
      previous.get(edge.target)!.add(edge.source);
    }
  }
  if (processors.size === 0) return [];
  const starts = [...processors].filter((p) => !previous.has(p));
  const branching = [...processors].find((p) => (next.get(p)?.size ?? 0) > 1 || (previous.get(p)?.size ?? 0) > 1);
  if (starts.length !== 1 || branching) {
    throw new GraphError(`pipeline ${pipeline}: processors must form one chain`);
  }
  const chain: string[] = [];
  let at: string | undefined = starts[0];
  while (at !== undefined && !chain.includes(at)) {
    chain.push(at);
    at = next.get(at)?.values().next().value;
  }
  if (chain.length !== processors.size) throw new GraphError(`pipeline ${pipeline}: processors must form one chain`);
  return chain;
}

/** The collector config of a graph: one section per kind, and service.pipelines from the edges. */
export function graphToConfig(graph: BuilderGraph): Config {
  const kinds = new Map(graph.nodes.map((node) => [node.id, node.kind]));
  const config: Config = {};
  for (const kind of Object.keys(SECTION) as Kind[]) {
    const nodes = graph.nodes.filter((node) => node.kind === kind);
    if (nodes.length > 0) config[SECTION[kind]] = Object.fromEntries(nodes.map((node) => [node.id, node.config]));
  }
  const byPipeline = new Map<string, BuilderEdge[]>();
  for (const edge of graph.edges) {
    if (!kinds.has(edge.source) || !kinds.has(edge.target)) {
      throw new GraphError(`edge ${edge.source} -> ${edge.target} refers to a missing component`);
    }
    byPipeline.set(edge.pipeline, [...(byPipeline.get(edge.pipeline) ?? []), edge]);
  }
  const pipelines: Config = {};
  for (const [name, edges] of byPipeline) {
    const order = firstSeenOrder(edges);
    const ends = (ids: string[]) => [...new Set(ids)].sort((a, b) => order.get(a)! - order.get(b)!);
    pipelines[name] = {
      receivers: ends(edges.filter((e) => kinds.get(e.source) === "receiver").map((e) => e.source)),
      processors: processorChain(name, edges, kinds),
      exporters: ends(edges.filter((e) => kinds.get(e.target) === "exporter").map((e) => e.target)),
    };
  }
  const extensions = graph.nodes.filter((node) => node.kind === "extension").map((node) => node.id);
  config.service = {
    ...graph.service,
    ...(extensions.length > 0 ? { extensions } : {}),
    pipelines,
  };
  return config;
}

export function graphToYaml(graph: BuilderGraph): string {
  return stringify(graphToConfig(graph), { lineWidth: 0 });
}

function mapping(value: unknown, where: string): Config {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new GraphError(`${where} must be a mapping`);
  return value as Config;
}

function ids(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new GraphError(`${where} must be a list of component ids`);
  }
  return value;
}

const STAGE_X = 280;
const ROW_Y = 110;

/** The graph of a config mapping, laid out left to right, one band per pipeline. */
export function configToGraph(config: Config): BuilderGraph {
  const nodes = new Map<string, BuilderNode>();
  for (const kind of Object.keys(SECTION) as Kind[]) {
    for (const [id, value] of Object.entries(mapping(config[SECTION[kind]], SECTION[kind]))) {
      const nodeConfig = value === null ? null : mapping(value, `${SECTION[kind]}.${id}`);
      nodes.set(id, { id, kind, config: nodeConfig, position: { x: 0, y: 0 } });
    }
  }
  const service = { ...mapping(config.service, "service") };
  const pipelines = mapping(service.pipelines, "service.pipelines");
  delete service.pipelines;
  delete service.extensions;
  const edges: BuilderEdge[] = [];
  const placed = new Set<string>();
  Object.entries(pipelines).forEach(([name, value], row) => {
    const pipeline = mapping(value, `service.pipelines.${name}`);
    const chain = [
      ids(pipeline.receivers, `service.pipelines.${name}.receivers`),
      ...ids(pipeline.processors, `service.pipelines.${name}.processors`).map((id) => [id]),
      ids(pipeline.exporters, `service.pipelines.${name}.exporters`),
    ];
    for (let stage = 0; stage + 1 < chain.length; stage += 1) {
      for (const source of chain[stage]!) for (const target of chain[stage + 1]!) edges.push({ source, target, pipeline: name });
    }
    chain.forEach((stageIds, stage) =>
      stageIds.forEach((id, offset) => {
        const node = nodes.get(id);
        if (node && !placed.has(id)) {
          node.position = { x: stage * STAGE_X, y: (row * 3 + offset) * ROW_Y };
          placed.add(id);
        }
      }),
    );
  });
  return { nodes: [...nodes.values()], edges, service };
}

/** Parses collector YAML into a graph; GraphError with the line of the first YAML error. */
export function yamlToGraph(text: string): BuilderGraph {
  const document = parseDocument(text);
  const first = document.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new GraphError(`not valid YAML${line ? ` (line ${line})` : ""}: ${first.message.split("\n")[0]}`);
  }
  const value: unknown = document.toJS();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GraphError("the config must be a YAML mapping");
  }
  return configToGraph(value as Config);
}
