// Auto-layout: left-to-right ranks along the data flow (dagre).
import { Graph, layout } from "@dagrejs/dagre";
import type { BuilderGraph } from "./graphModel.ts";

const NODE_WIDTH = 200;
const NODE_HEIGHT = 70;

export function autoLayout(graph: BuilderGraph): BuilderGraph {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90 });
  g.setDefaultEdgeLabel(() => ({}));
  graph.nodes.forEach((node) => g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT }));
  graph.edges.forEach((edge, index) => g.setEdge(edge.source, edge.target, {}, String(index)));
  layout(g);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const placed = g.node(node.id) as { x: number; y: number } | undefined;
      return placed ? { ...node, position: { x: placed.x - NODE_WIDTH / 2, y: placed.y - NODE_HEIGHT / 2 } } : node;
    }),
  };
}
