// The selected component's connections, editable without a mouse: connect to a component, remove one.
import { useState } from "react";
import { canConnect, edgeKey, type BuilderGraph, type BuilderNode } from "./graphModel.ts";
import type { BuilderAction } from "./builderState.ts";

interface Props {
  node: BuilderNode;
  graph: BuilderGraph;
  activePipeline: string;
  dispatch: (action: BuilderAction) => void;
}

export function NodeConnections({ node, graph, activePipeline, dispatch }: Props) {
  const targets = graph.nodes.filter((other) => other.id !== node.id && canConnect(node.kind, other.kind));
  const [target, setTarget] = useState("");
  const chosen = targets.find((t) => t.id === target) ?? targets[0];
  const edges = graph.edges.filter((edge) => edge.source === node.id || edge.target === node.id);
  return (
    <section aria-label={`Connections of ${node.id}`} className="connections">
      <h4>Connections</h4>
      {edges.length === 0 ? (
        <p className="muted small">None yet: drag from a node's right handle to another's left one, or use the form below.</p>
      ) : (
        <ul className="plain small">
          {edges.map((edge) => (
            <li key={edgeKey(edge)}>
              {edge.source} → {edge.target} <span className="muted">({edge.pipeline})</span>{" "}
              <button type="button" className="link" onClick={() => dispatch({ type: "remove-edges", keys: [edgeKey(edge)] })}>
                remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {targets.length > 0 && (
        <div className="row">
          <label className="field">
            Connect to
            <select value={chosen?.id ?? ""} onChange={(e) => setTarget(e.target.value)}>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.kind} {t.id}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => chosen && dispatch({ type: "connect", edge: { source: node.id, target: chosen.id, pipeline: activePipeline } })}
          >
            Connect
          </button>
        </div>
      )}
    </section>
  );
}
