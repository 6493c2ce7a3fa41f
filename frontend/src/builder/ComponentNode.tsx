// One collector component on the canvas, with the findings validation pinned on it.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { Kind } from "./graphModel.ts";
import type { PinnedFinding } from "./findings.ts";

export type ComponentNodeData = { componentId: string; kind: Kind; findings: PinnedFinding[] };
export type ComponentFlowNode = Node<ComponentNodeData, "component">;

export function ComponentNode({ data, selected }: NodeProps<ComponentFlowNode>) {
  const errors = data.findings.filter((f) => f.severity === "error");
  const warnings = data.findings.filter((f) => f.severity !== "error");
  return (
    <div
      className={`flow-node kind-${data.kind} ${selected ? "selected" : ""} ${errors.length ? "has-errors" : ""}`}
      data-testid={`node-${data.componentId}`}
      aria-label={`${data.kind} ${data.componentId}`}
    >
      {data.kind !== "receiver" && data.kind !== "extension" && <Handle type="target" position={Position.Left} />}
      <div className="flow-node-kind">{data.kind}</div>
      <div className="flow-node-id">{data.componentId}</div>
      {data.findings.length > 0 && (
        <ul className="flow-node-findings" data-testid={`findings-${data.componentId}`}>
          {[...errors, ...warnings].slice(0, 3).map((finding, index) => (
            <li key={index} className={`finding-${finding.severity}`} title={`${finding.refused_by === "collector" ? "Collector error" : "Phoenix policy"}: ${finding.message}\n${finding.hint ?? ""}`}>
              <span className="sev">{finding.severity}</span> <code>{finding.code}</code>
            </li>
          ))}
          {data.findings.length > 3 && <li className="muted">+{data.findings.length - 3} more</li>}
        </ul>
      )}
      {data.kind !== "exporter" && data.kind !== "extension" && <Handle type="source" position={Position.Right} />}
    </div>
  );
}
