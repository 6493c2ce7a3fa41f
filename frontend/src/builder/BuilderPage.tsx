// The visual pipeline builder (code-split: loaded only when opened).
import { useMemo, useReducer, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { get, post } from "../api/client.ts";
import type { ComponentRead, CustomPipelineRead, GraphToYamlRead, PaletteRead } from "../api/types.ts";
import { useCan } from "../auth/AuthContext.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Loading } from "../components/States.tsx";
import { builderReducer, initialHistory } from "./builderState.ts";
import { Canvas } from "./Canvas.tsx";
import { FindingsList } from "./FindingsList.tsx";
import { freeSpot } from "./freeSpot.ts";
import { pinFindings } from "./findings.ts";
import { EMPTY_GRAPH, SECTION, freeId, fromApiGraph, toApiGraph, type Config, type Kind } from "./graphModel.ts";
import { graphToYaml } from "./graphYaml.ts";
import { NodeInspector } from "./NodeInspector.tsx";
import { Palette } from "./Palette.tsx";
import { PreviewPanel } from "./PreviewPanel.tsx";
import { SavePanel } from "./SavePanel.tsx";
import { useDebounced } from "../hooks/useDebounced.ts";
import { useUndoKeys } from "./useUndoKeys.ts";
import { ValidationBadge } from "./ValidationBadge.tsx";
import { VersionsPanel } from "./VersionsPanel.tsx";
import { YamlPane } from "./YamlPane.tsx";

const TABS = ["Component", "YAML", "Validation", "Preview", "Save"] as const;
type Tab = (typeof TABS)[number];

export default function BuilderPage() {
  const { pipelineId } = useParams();
  const palette = useQuery({ queryKey: ["components"], queryFn: ({ signal }) => get<PaletteRead>("/pipelines/components", signal), staleTime: Infinity });
  const pipeline = useQuery({
    queryKey: ["pipelines", pipelineId, "latest"],
    queryFn: ({ signal }) => get<CustomPipelineRead>(`/pipelines/${pipelineId}`, signal),
    enabled: Boolean(pipelineId),
  });
  if (palette.isPending || (pipelineId && pipeline.isPending)) return <Loading what="the builder" />;
  if (palette.isError) return <ErrorMessage error={palette.error} title="Could not load the components" />;
  if (pipeline.isError) return <ErrorMessage error={pipeline.error} title="Could not load the pipeline" />;
  return (
    <ReactFlowProvider>
      <Builder key={pipelineId ?? "new"} components={palette.data.components} pipeline={pipeline.data} />
    </ReactFlowProvider>
  );
}

function Builder({ components, pipeline }: { components: ComponentRead[]; pipeline: CustomPipelineRead | undefined }) {
  const [history, dispatch] = useReducer(builderReducer, pipeline ? fromApiGraph(pipeline.graph) : EMPTY_GRAPH, initialHistory);
  const graph = history.present;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("Component");
  const [activePipeline, setActivePipeline] = useState("metrics");
  const canSave = useCan("operator");
  const flow = useReactFlow();
  // After a change that moves everything, show the whole graph (once React Flow has measured it).
  const fitSoon = () => requestAnimationFrame(() => void flow.fitView({ maxZoom: 1, duration: 200 }));

  useUndoKeys(dispatch);

  // The live YAML, converted here; the server converts again and validates (debounced).
  const { yaml, conversionError } = useMemo(() => {
    try {
      return { yaml: graphToYaml(graph), conversionError: null };
    } catch (err) {
      return { yaml: null, conversionError: (err as Error).message };
    }
  }, [graph]);
  const settled = useDebounced(graph, 600);
  const validation = useQuery({
    queryKey: ["graph-validation", settled],
    queryFn: () => post<GraphToYamlRead>("/pipelines/graph/to-yaml", toApiGraph(settled)),
    enabled: settled.nodes.length > 0 && conversionError === null,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
  const findings = useMemo(() => pinFindings(validation.data?.validation, graph.nodes), [validation.data, graph.nodes]);

  const byType = useMemo(() => new Map(components.map((c) => [`${c.kind}:${c.type}`, c])), [components]);
  const addComponent = (kind: string, type: string, position?: { x: number; y: number }) => {
    const component = byType.get(`${kind}:${type}`);
    const id = freeId(type, graph.nodes.map((n) => n.id));
    const at = position ?? freeSpot(graph.nodes, kind as Kind);
    dispatch({ type: "add-node", node: { id, kind: kind as Kind, config: structuredClone((component?.example as Config) ?? {}), position: at } });
    setSelectedId(id);
    setTab("Component");
    if (!position) fitSoon(); // added by key or click: make sure it is in view
  };

  const selected = graph.nodes.find((node) => node.id === selectedId);
  const selectByPath = (path: string) => {
    const node = [...graph.nodes].sort((a, b) => b.id.length - a.id.length).find((n) => path.startsWith(`${SECTION[n.kind]}.${n.id}`));
    if (node) {
      setSelectedId(node.id);
      setTab("Component");
    }
  };

  return (
    <div className="builder">
      <div className="builder-toolbar" role="toolbar" aria-label="Builder">
        <h1>{pipeline ? `Pipeline ${pipeline.name} (v${pipeline.version})` : "New pipeline"}</h1>
        <button type="button" onClick={() => dispatch({ type: "undo" })} disabled={history.past.length === 0} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={() => dispatch({ type: "redo" })} disabled={history.future.length === 0} title="Ctrl+Shift+Z">
          Redo
        </button>
        <button
          type="button"
          onClick={() => {
            dispatch({ type: "auto-layout" });
            fitSoon();
          }}
          disabled={graph.nodes.length === 0}
        >
          Auto-layout
        </button>
        <label className="field inline">
          Pipeline for new connections
          <input value={activePipeline} size={14} onChange={(e) => setActivePipeline(e.target.value || "metrics")} />
        </label>
        <ValidationBadge loading={validation.isFetching} errors={validation.data?.validation.errors.length} warnings={validation.data?.validation.warnings.length} />
      </div>
      <div className="builder-body">
        <Palette components={components} onAdd={(c) => addComponent(c.kind, c.type)} />
        <Canvas
          graph={graph}
          findings={findings}
          selectedId={selectedId}
          activePipeline={activePipeline}
          dispatch={dispatch}
          onSelect={setSelectedId}
          onDropComponent={addComponent}
        />
        <aside className="builder-side">
          <div role="tablist" aria-label="Builder panels" className="tabs">
            {TABS.filter((t) => t !== "Save" || canSave).map((t) => (
              <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab} className="tab-panel">
            {tab === "Component" &&
              (selected ? (
                <NodeInspector
                  key={selected.id}
                  node={selected}
                  graph={graph}
                  activePipeline={activePipeline}
                  component={byType.get(`${selected.kind}:${selected.id.split("/")[0]}`)}
                  findings={findings.byNode.get(selected.id) ?? []}
                  takenIds={graph.nodes.map((n) => n.id)}
                  dispatch={dispatch}
                  onRenamed={setSelectedId}
                />
              ) : (
                <p className="muted">Select a component on the canvas to edit its settings.</p>
              ))}
            {tab === "YAML" && (
              <YamlPane
                yaml={yaml}
                conversionError={conversionError}
                onImport={(g) => {
                  dispatch({ type: "import", graph: g });
                  fitSoon();
                }}
              />
            )}
            {tab === "Validation" &&
              (validation.data ? (
                <FindingsList validation={validation.data.validation} onSelect={selectByPath} />
              ) : validation.isError ? (
                <ErrorMessage error={validation.error} title="Validation failed" />
              ) : (
                <p className="muted">{conversionError ?? "Add components: the graph is validated as you edit."}</p>
              ))}
            {tab === "Preview" && <PreviewPanel yaml={yaml} />}
            {tab === "Save" && canSave && (
              <>
                <SavePanel graph={graph} pipeline={pipeline} />
                {pipeline && <VersionsPanel key={pipeline.version} pipeline={pipeline} />}
              </>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
