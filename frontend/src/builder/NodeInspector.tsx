// The selected component's settings: a form from its JSON schema, with its findings inline.
import { useState } from "react";
import type { ComponentRead } from "../api/types.ts";
import { SchemaForm } from "../components/SchemaForm.tsx";
import type { JsonSchema } from "../components/schemaFields.ts";
import { componentType, type BuilderGraph, type BuilderNode } from "./graphModel.ts";
import { NodeConnections } from "./NodeConnections.tsx";
import type { PinnedFinding } from "./findings.ts";
import type { BuilderAction } from "./builderState.ts";

interface Props {
  node: BuilderNode;
  graph: BuilderGraph;
  activePipeline: string;
  component: ComponentRead | undefined;
  findings: PinnedFinding[];
  takenIds: string[];
  dispatch: (action: BuilderAction) => void;
  onRenamed: (id: string) => void;
}

export function NodeInspector({ node, graph, activePipeline, component, findings, takenIds, dispatch, onRenamed }: Props) {
  const serverErrors: Record<string, string[]> = {};
  for (const finding of findings) {
    if (finding.field) serverErrors[finding.field] = [...(serverErrors[finding.field] ?? []), `${finding.message} (${finding.code})`];
  }
  const nodeLevel = findings.filter((finding) => !finding.field);
  return (
    <section className="inspector" aria-label={`Settings of ${node.id}`}>
      <h3>
        {node.kind} <code>{node.id}</code>
      </h3>
      {component && <p className="muted small">{component.description}</p>}
      <RenameField node={node} takenIds={takenIds} dispatch={dispatch} onRenamed={onRenamed} />
      <NodeConnections node={node} graph={graph} activePipeline={activePipeline} dispatch={dispatch} />
      {nodeLevel.length > 0 && (
        <ul className="findings" aria-label="Findings on this component">
          {nodeLevel.map((finding, index) => (
            <li key={index} className={`finding-${finding.severity}`}>
              <code>{finding.code}</code> {finding.message}
              {finding.hint && <div className="muted small">{finding.hint}</div>}
            </li>
          ))}
        </ul>
      )}
      {component ? (
        <SchemaForm
          key={node.id}
          idPrefix={`cfg-${node.id.replace(/\W/g, "_")}`}
          schema={component.schema as JsonSchema}
          values={node.config ?? {}}
          serverErrors={serverErrors}
          onChange={(config) => dispatch({ type: "configure", id: node.id, config })}
        />
      ) : (
        <p className="muted">Phoenix has no schema for {componentType(node.id)}; edit it in the YAML.</p>
      )}
      <button type="button" className="danger" onClick={() => dispatch({ type: "remove-nodes", ids: [node.id] })}>
        Remove {node.id}
      </button>
    </section>
  );
}

function RenameField({ node, takenIds, dispatch, onRenamed }: Pick<Props, "node" | "takenIds" | "dispatch" | "onRenamed">) {
  const [name, setName] = useState(node.id);
  const type = componentType(node.id);
  const error =
    name !== node.id && takenIds.includes(name)
      ? "Another component has this id."
      : componentType(name) !== type
        ? `The id must be ${type} or ${type}/name.`
        : null;
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        if (error || name === node.id) return;
        dispatch({ type: "rename", id: node.id, newId: name });
        onRenamed(name);
      }}
    >
      <label htmlFor="component-id">Component id</label>
      <div className="row">
        <input id="component-id" value={name} aria-invalid={Boolean(error) || undefined} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={Boolean(error) || name === node.id}>
          Rename
        </button>
      </div>
      {error && <small className="field-error">{error}</small>}
    </form>
  );
}
