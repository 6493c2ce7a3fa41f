// The React Flow canvas: drop components from the palette, drag them, connect them.
import { useMemo, type DragEvent } from "react";
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { ComponentNode, type ComponentFlowNode } from "./ComponentNode.tsx";
import { DRAG_TYPE } from "./Palette.tsx";
import { edgeKey, pipelineNames, type BuilderGraph } from "./graphModel.ts";
import type { BuilderAction } from "./builderState.ts";
import type { PinnedFindings } from "./findings.ts";

const NODE_TYPES = { component: ComponentNode };

interface Props {
  graph: BuilderGraph;
  findings: PinnedFindings;
  selectedId: string | null;
  activePipeline: string;
  dispatch: (action: BuilderAction) => void;
  onSelect: (id: string | null) => void;
  onDropComponent: (kind: string, type: string, position: { x: number; y: number }) => void;
}

export function Canvas({ graph, findings, selectedId, activePipeline, dispatch, onSelect, onDropComponent }: Props) {
  const flow = useReactFlow();
  const manyPipelines = pipelineNames(graph).length > 1;

  const nodes: ComponentFlowNode[] = useMemo(
    () =>
      graph.nodes.map((node) => ({
        id: node.id,
        type: "component",
        position: node.position,
        selected: node.id === selectedId,
        data: { componentId: node.id, kind: node.kind, findings: findings.byNode.get(node.id) ?? [] },
      })),
    [graph.nodes, findings, selectedId],
  );

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((edge) => ({
        id: edgeKey(edge),
        source: edge.source,
        target: edge.target,
        label: manyPipelines ? edge.pipeline : undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [graph.edges, manyPipelines],
  );

  const onNodesChange = (changes: NodeChange<ComponentFlowNode>[]) => {
    for (const change of changes) {
      if (change.type === "position" && change.position) {
        dispatch({ type: "move-node", id: change.id, position: change.position, done: change.dragging === false });
      } else if (change.type === "remove") {
        dispatch({ type: "remove-nodes", ids: [change.id] });
      } else if (change.type === "select" && change.selected) {
        onSelect(change.id);
      }
    }
  };

  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = changes.filter((change) => change.type === "remove").map((change) => change.id);
    if (removed.length > 0) dispatch({ type: "remove-edges", keys: removed });
  };

  const onConnect = (connection: Connection) => {
    // A new connection continues the pipeline its source already belongs to, else the active one.
    const sourcePipelines = [...new Set(graph.edges.filter((e) => e.source === connection.source || e.target === connection.source).map((e) => e.pipeline))];
    const pipeline = sourcePipelines.length === 1 && !manyPipelines ? sourcePipelines[0]! : activePipeline;
    dispatch({ type: "connect", edge: { source: connection.source, target: connection.target, pipeline } });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const raw = event.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    const { kind, type } = JSON.parse(raw) as { kind: string; type: string };
    onDropComponent(kind, type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div className="canvas" data-testid="canvas" onDragOver={(event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    }} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={["Delete", "Backspace"]}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.3}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
      </ReactFlow>
      {graph.nodes.length === 0 && (
        <p className="canvas-empty">Drag a receiver, processors and an exporter here, then connect them.</p>
      )}
    </div>
  );
}
