// The builder's edits as one reducer over an undo/redo history of graphs.
import { commit, redo, replace, startHistory, undo, type History } from "./history.ts";
import { canConnect, edgeKey, type BuilderEdge, type BuilderGraph, type BuilderNode, type Config } from "./graphModel.ts";
import { autoLayout } from "./autoLayout.ts";

export type BuilderAction =
  | { type: "load"; graph: BuilderGraph }
  | { type: "import"; graph: BuilderGraph }
  | { type: "add-node"; node: BuilderNode }
  | { type: "move-node"; id: string; position: { x: number; y: number }; done: boolean }
  | { type: "remove-nodes"; ids: string[] }
  | { type: "configure"; id: string; config: Config | null }
  | { type: "rename"; id: string; newId: string }
  | { type: "connect"; edge: BuilderEdge }
  | { type: "remove-edges"; keys: string[] }
  | { type: "auto-layout" }
  | { type: "undo" }
  | { type: "redo" };

/** The history, plus the graph as it was when the current drag began (a drag is one undo step). */
export type BuilderHistory = History<BuilderGraph> & { dragOrigin?: BuilderGraph };

export function initialHistory(graph: BuilderGraph): BuilderHistory {
  return startHistory(graph);
}

function edit(graph: BuilderGraph, action: BuilderAction): BuilderGraph {
  switch (action.type) {
    case "import":
      return action.graph;
    case "add-node":
      return { ...graph, nodes: [...graph.nodes, action.node] };
    case "move-node":
      return {
        ...graph,
        nodes: graph.nodes.map((node) => (node.id === action.id ? { ...node, position: action.position } : node)),
      };
    case "remove-nodes": {
      const gone = new Set(action.ids);
      return {
        ...graph,
        nodes: graph.nodes.filter((node) => !gone.has(node.id)),
        edges: graph.edges.filter((edge) => !gone.has(edge.source) && !gone.has(edge.target)),
      };
    }
    case "configure":
      return { ...graph, nodes: graph.nodes.map((node) => (node.id === action.id ? { ...node, config: action.config } : node)) };
    case "rename": {
      if (graph.nodes.some((node) => node.id === action.newId)) return graph;
      const rename = (id: string) => (id === action.id ? action.newId : id);
      return {
        ...graph,
        nodes: graph.nodes.map((node) => ({ ...node, id: rename(node.id) })),
        edges: graph.edges.map((edge) => ({ ...edge, source: rename(edge.source), target: rename(edge.target) })),
      };
    }
    case "connect": {
      const kinds = new Map(graph.nodes.map((node) => [node.id, node.kind]));
      const source = kinds.get(action.edge.source);
      const target = kinds.get(action.edge.target);
      if (!source || !target || !canConnect(source, target)) return graph;
      if (graph.edges.some((edge) => edgeKey(edge) === edgeKey(action.edge))) return graph;
      return { ...graph, edges: [...graph.edges, action.edge] };
    }
    case "remove-edges": {
      const gone = new Set(action.keys);
      return { ...graph, edges: graph.edges.filter((edge) => !gone.has(edgeKey(edge))) };
    }
    case "auto-layout":
      return autoLayout(graph);
    default:
      return graph;
  }
}

export function builderReducer(history: BuilderHistory, action: BuilderAction): BuilderHistory {
  switch (action.type) {
    case "load":
      return startHistory(action.graph);
    case "undo":
      return undo(history);
    case "redo":
      return redo(history);
    case "move-node": {
      // Positions during a drag replace the present; the drop records one step from where it began.
      const origin = history.dragOrigin ?? history.present;
      const moved = edit(history.present, action);
      if (!action.done) return { ...replace(history, moved), dragOrigin: origin };
      return commit({ past: history.past, present: origin, future: history.future }, moved);
    }
    default:
      return commit(history, edit(history.present, action));
  }
}
