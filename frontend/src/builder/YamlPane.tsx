// The live YAML of the graph, YAML import (to the graph) and export (a file).
import { useRef, useState } from "react";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { GraphError, yamlToGraph } from "./graphYaml.ts";
import type { BuilderGraph } from "./graphModel.ts";

interface Props {
  yaml: string | null;
  conversionError: string | null;
  onImport: (graph: BuilderGraph) => void;
}

export function YamlPane({ yaml, conversionError, onImport }: Props) {
  const [importing, setImporting] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const file = useRef<HTMLInputElement>(null);

  const importText = (source: string) => {
    try {
      onImport(yamlToGraph(source));
      setImporting(false);
      setError(null);
    } catch (err) {
      setError(err instanceof GraphError ? err : new Error(String(err)));
    }
  };

  const exportFile = () => {
    if (!yaml) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    link.download = "pipeline.yaml";
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section aria-label="YAML">
      <div className="row">
        <button type="button" onClick={() => setImporting(!importing)} aria-expanded={importing}>
          Import YAML…
        </button>
        <button type="button" onClick={exportFile} disabled={!yaml}>
          Export YAML
        </button>
      </div>
      {importing && (
        <div className="import">
          <label className="field">
            Paste a collector config
            <textarea className="code" rows={10} value={text} spellCheck={false} data-testid="import-yaml" onChange={(e) => setText(e.target.value)} />
          </label>
          <div className="row">
            <button type="button" className="primary" onClick={() => importText(text)}>
              Replace graph
            </button>
            <label className="button">
              Open file…
              <input
                ref={file}
                type="file"
                accept=".yaml,.yml"
                className="visually-hidden"
                onChange={async (e) => {
                  const chosen = e.target.files?.[0];
                  if (chosen) importText(await chosen.text());
                }}
              />
            </label>
          </div>
          <ErrorMessage error={error} title="Import failed" />
        </div>
      )}
      {conversionError ? (
        <p className="bad" role="alert">
          {conversionError}
        </p>
      ) : (
        <pre className="yaml" data-testid="yaml-pane" tabIndex={0} aria-label="Config YAML">
          {yaml}
        </pre>
      )}
    </section>
  );
}
