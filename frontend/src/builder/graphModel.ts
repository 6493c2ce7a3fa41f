// The builder's graph: one node per collector component id, edges along each pipeline.
// The same shape as the API's PipelineGraph, so it is saved and converted without translation.
import type { PipelineGraph } from "../api/types.ts";

export type Kind = "receiver" | "processor" | "exporter" | "extension" | "connector";

export const SECTION: Record<Kind, string> = {
  receiver: "receivers",
  processor: "processors",
  exporter: "exporters",
  extension: "extensions",
  connector: "connectors",
};

export type Config = Record<string, unknown>;

export interface BuilderNode {
  id: string;
  kind: Kind;
  config: Config | null;
  position: { x: number; y: number };
}

export interface BuilderEdge {
  source: string;
  target: string;
  pipeline: string;
}

export interface BuilderGraph {
  nodes: BuilderNode[];
  edges: BuilderEdge[];
  service: Config;
}

export const EMPTY_GRAPH: BuilderGraph = { nodes: [], edges: [], service: {} };

export function fromApiGraph(graph: PipelineGraph): BuilderGraph {
  return {
    nodes: (graph.nodes ?? []).map((node) => ({
      id: node.id,
      kind: node.kind as Kind,
      config: (node.config as Config | null | undefined) ?? null,
      position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
    })),
    edges: (graph.edges ?? []).map((edge) => ({ ...edge, pipeline: edge.pipeline ?? "metrics" })),
    service: (graph.service as Config | undefined) ?? {},
  };
}

export function toApiGraph(graph: BuilderGraph): PipelineGraph {
  return { nodes: graph.nodes, edges: graph.edges, service: graph.service };
}

/** The component type of an id: `filter/drop` → `filter`. */
export function componentType(id: string): string {
  return id.split("/")[0] ?? id;
}

/** A free id for a new component of `type`: `filter`, then `filter/2`, `filter/3`... */
export function freeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(type)) return type;
  for (let n = 2; ; n += 1) if (!used.has(`${type}/${n}`)) return `${type}/${n}`;
}

export function edgeKey(edge: BuilderEdge): string {
  return `${edge.pipeline}:${edge.source}->${edge.target}`;
}

/** Whether the collector allows an edge between these kinds (receivers feed, exporters end). */
export function canConnect(source: Kind, target: Kind): boolean {
  if (source === "exporter" || source === "extension") return false;
  if (target === "receiver" || target === "extension") return false;
  return true;
}

export function pipelineNames(graph: BuilderGraph): string[] {
  return [...new Set(graph.edges.map((edge) => edge.pipeline))];
}
