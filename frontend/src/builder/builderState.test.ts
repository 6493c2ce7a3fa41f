import { describe, expect, it } from "vitest";
import { builderReducer, initialHistory, type BuilderHistory } from "./builderState.ts";
import { EMPTY_GRAPH, freeId } from "./graphModel.ts";

const add = (history: BuilderHistory, id: string, kind: "receiver" | "processor" | "exporter") =>
  builderReducer(history, { type: "add-node", node: { id, kind, config: {}, position: { x: 0, y: 0 } } });

describe("builder history", () => {
  it("undoes and redoes edits one at a time", () => {
    let history = add(add(initialHistory(EMPTY_GRAPH), "otlp", "receiver"), "debug", "exporter");
    history = builderReducer(history, { type: "undo" });
    expect(history.present.nodes.map((n) => n.id)).toEqual(["otlp"]);
    history = builderReducer(history, { type: "redo" });
    expect(history.present.nodes.map((n) => n.id)).toEqual(["otlp", "debug"]);
  });

  it("records a whole drag as one step", () => {
    let history = add(initialHistory(EMPTY_GRAPH), "otlp", "receiver");
    for (const x of [10, 20, 30]) history = builderReducer(history, { type: "move-node", id: "otlp", position: { x, y: 0 }, done: false });
    history = builderReducer(history, { type: "move-node", id: "otlp", position: { x: 40, y: 0 }, done: true });
    expect(history.present.nodes[0]!.position.x).toBe(40);
    history = builderReducer(history, { type: "undo" });
    expect(history.present.nodes[0]!.position.x).toBe(0);
  });

  it("connects only what the collector allows, once", () => {
    let history = add(add(initialHistory(EMPTY_GRAPH), "otlp", "receiver"), "debug", "exporter");
    history = builderReducer(history, { type: "connect", edge: { source: "debug", target: "otlp", pipeline: "metrics" } });
    expect(history.present.edges).toHaveLength(0);
    history = builderReducer(history, { type: "connect", edge: { source: "otlp", target: "debug", pipeline: "metrics" } });
    history = builderReducer(history, { type: "connect", edge: { source: "otlp", target: "debug", pipeline: "metrics" } });
    expect(history.present.edges).toHaveLength(1);
  });

  it("renames a component and its edges", () => {
    let history = add(add(initialHistory(EMPTY_GRAPH), "otlp", "receiver"), "debug", "exporter");
    history = builderReducer(history, { type: "connect", edge: { source: "otlp", target: "debug", pipeline: "metrics" } });
    history = builderReducer(history, { type: "rename", id: "debug", newId: "debug/verbose" });
    expect(history.present.edges[0]!.target).toBe("debug/verbose");
  });

  it("removes a node with its edges", () => {
    let history = add(add(initialHistory(EMPTY_GRAPH), "otlp", "receiver"), "debug", "exporter");
    history = builderReducer(history, { type: "connect", edge: { source: "otlp", target: "debug", pipeline: "metrics" } });
    history = builderReducer(history, { type: "remove-nodes", ids: ["debug"] });
    expect(history.present.edges).toHaveLength(0);
  });
});

describe("freeId", () => {
  it("numbers a second component of a type", () => {
    expect(freeId("filter", [])).toBe("filter");
    expect(freeId("filter", ["filter"])).toBe("filter/2");
    expect(freeId("filter", ["filter", "filter/2"])).toBe("filter/3");
  });
});
