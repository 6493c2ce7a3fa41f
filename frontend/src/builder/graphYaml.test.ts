import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GraphError, configToGraph, graphToConfig, graphToYaml, yamlToGraph } from "./graphYaml.ts";
import type { BuilderGraph } from "./graphModel.ts";

const CHAIN: BuilderGraph = {
  nodes: [
    { id: "host_metrics", kind: "receiver", config: { collection_interval: "10s" }, position: { x: 0, y: 0 } },
    { id: "memory_limiter", kind: "processor", config: { check_interval: "1s" }, position: { x: 0, y: 0 } },
    { id: "batch", kind: "processor", config: null, position: { x: 0, y: 0 } },
    { id: "debug", kind: "exporter", config: { verbosity: "basic" }, position: { x: 0, y: 0 } },
  ],
  edges: [
    // Out of order on purpose: the processor chain comes from the edges' path, not their order.
    { source: "memory_limiter", target: "batch", pipeline: "metrics" },
    { source: "host_metrics", target: "memory_limiter", pipeline: "metrics" },
    { source: "batch", target: "debug", pipeline: "metrics" },
  ],
  service: { telemetry: { logs: { level: "info" } } },
};

describe("graphToConfig", () => {
  it("writes one section per kind and the pipeline from the edges", () => {
    const config = graphToConfig(CHAIN);
    expect(config.receivers).toEqual({ host_metrics: { collection_interval: "10s" } });
    expect(config.processors).toEqual({ memory_limiter: { check_interval: "1s" }, batch: null });
    expect(config.service).toEqual({
      telemetry: { logs: { level: "info" } },
      pipelines: { metrics: { receivers: ["host_metrics"], processors: ["memory_limiter", "batch"], exporters: ["debug"] } },
    });
  });

  it("keeps several pipelines apart, sharing components", () => {
    const graph: BuilderGraph = {
      ...CHAIN,
      nodes: [...CHAIN.nodes, { id: "otlp", kind: "receiver", config: {}, position: { x: 0, y: 0 } }],
      edges: [...CHAIN.edges, { source: "otlp", target: "debug", pipeline: "metrics/otlp" }],
    };
    const pipelines = (graphToConfig(graph).service as { pipelines: Record<string, unknown> }).pipelines;
    expect(pipelines["metrics/otlp"]).toEqual({ receivers: ["otlp"], processors: [], exporters: ["debug"] });
  });

  it("refuses processors that branch", () => {
    const graph: BuilderGraph = {
      ...CHAIN,
      nodes: [...CHAIN.nodes, { id: "filter", kind: "processor", config: {}, position: { x: 0, y: 0 } }],
      edges: [...CHAIN.edges, { source: "memory_limiter", target: "filter", pipeline: "metrics" }],
    };
    expect(() => graphToConfig(graph)).toThrow(GraphError);
  });

  it("lists extensions in the service section", () => {
    const graph: BuilderGraph = { ...CHAIN, nodes: [...CHAIN.nodes, { id: "health_check", kind: "extension", config: {}, position: { x: 0, y: 0 } }] };
    expect((graphToConfig(graph).service as { extensions: string[] }).extensions).toEqual(["health_check"]);
  });
});

describe("YAML round trip", () => {
  it("reads back what it writes", () => {
    const again = yamlToGraph(graphToYaml(CHAIN));
    expect(parse(graphToYaml(again))).toEqual(parse(graphToYaml(CHAIN)));
    expect(again.nodes.map((n) => n.id).sort()).toEqual(["batch", "debug", "host_metrics", "memory_limiter"]);
  });

  it("lays out imported configs left to right, one band per pipeline", () => {
    const graph = configToGraph(parse(graphToYaml(CHAIN)) as Record<string, unknown>);
    const x = Object.fromEntries(graph.nodes.map((n) => [n.id, n.position.x]));
    expect(x.host_metrics).toBeLessThan(x.memory_limiter!);
    expect(x.memory_limiter).toBeLessThan(x.batch!);
    expect(x.batch).toBeLessThan(x.debug!);
  });

  it("says which line of broken YAML is wrong", () => {
    expect(() => yamlToGraph("receivers:\n  a: [1,\n")).toThrow(/line/);
  });

  it("refuses a config whose sections are not mappings", () => {
    expect(() => yamlToGraph("receivers: [a, b]\n")).toThrow("receivers must be a mapping");
    expect(() => yamlToGraph("- a\n")).toThrow("mapping");
  });
});
