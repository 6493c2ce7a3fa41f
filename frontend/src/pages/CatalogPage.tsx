// The template catalog: parameters (a form from each template's schema), rendered YAML, preview.
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { get, post } from "../api/client.ts";
import { useTemplates } from "../api/queries.ts";
import type { PreviewRead, RenderRead, TemplateDetail } from "../api/types.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { PreviewResult } from "../components/PreviewResult.tsx";
import { SchemaForm } from "../components/SchemaForm.tsx";
import type { JsonSchema } from "../components/schemaFields.ts";
import { SnapshotPicker, snapshotValue } from "../components/SnapshotPicker.tsx";
import { QueryView } from "../components/States.tsx";
import { percent } from "../format.ts";
import { useDebounced } from "../hooks/useDebounced.ts";

export function CatalogPage() {
  const templates = useTemplates();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <section>
      <h1>Pipeline catalog</h1>
      <QueryView query={templates} what="templates">
        {(list) => (
          <div className="master-detail">
            <ul className="template-list" aria-label="Templates">
              {list.map((t) => {
                const expected = t.expected_reduction as { min?: number; max?: number } | null;
                return (
                  <li key={t.name}>
                    <button type="button" className={`card-button ${selected === t.name ? "selected" : ""}`} aria-pressed={selected === t.name} onClick={() => setSelected(t.name)}>
                      <strong>{t.name}</strong> <span className="badge">{t.strategy}</span>
                      <span className="small muted">{expected ? `expected reduction ${percent(expected.min, 0)}–${percent(expected.max, 0)}` : "no reduction (control group)"}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {selected ? <TemplateView key={selected} name={selected} /> : <p className="muted">Choose a template to see its parameters, its YAML and a preview.</p>}
          </div>
        )}
      </QueryView>
    </section>
  );
}

function TemplateView({ name }: { name: string }) {
  const detail = useQuery({ queryKey: ["templates", name], queryFn: ({ signal }) => get<TemplateDetail>(`/pipelines/templates/${name}`, signal) });
  const [parameters, setParameters] = useState<Record<string, unknown>>({});
  const [snapshot, setSnapshot] = useState(""); // the picker chooses the first profile
  const settled = useDebounced(parameters, 400);
  const rendered = useQuery({
    queryKey: ["render", name, settled],
    queryFn: () => post<RenderRead>("/pipelines/render", { template: name, parameters: settled }),
    placeholderData: (previous) => previous,
  });
  const preview = useMutation({
    mutationFn: () => post<PreviewRead>("/pipelines/preview", { template: name, parameters, snapshot: snapshotValue(snapshot) }),
  });
  return (
    <QueryView query={detail} what={name}>
      {(template) => (
        <article className="template-detail">
          <h2>
            {template.name} <span className="muted small">v{template.version}</span>
          </h2>
          <p>{template.description}</p>
          <p className="small muted">Processors: {template.processors.join(" → ")}</p>
          <div className="row">
            <SnapshotPicker id="catalog-snapshot" value={snapshot} onChange={setSnapshot} />
            <button type="button" className="primary" disabled={!snapshot || preview.isPending} onClick={() => preview.mutate()}>
              {preview.isPending ? "Running…" : "Preview"}
            </button>
          </div>
          <ErrorMessage error={preview.error} title="Preview failed" />
          {preview.data && <PreviewResult preview={preview.data} />}
          <div className="two-columns">
            <details open>
              <summary>Parameters</summary>
              <SchemaForm idPrefix={`tpl-${name}`} schema={template.parameters_schema as JsonSchema} values={parameters} onChange={setParameters} />
            </details>
            <div>
              <h3>Rendered YAML</h3>
              <ErrorMessage error={rendered.error} title="Cannot render" />
              {rendered.data?.warnings.map((w) => (
                <p key={w} className="muted small">
                  {w}
                </p>
              ))}
              <pre className="yaml" tabIndex={0}>
                {rendered.data?.config_yaml ?? template.default_config_yaml}
              </pre>
            </div>
          </div>
        </article>
      )}
    </QueryView>
  );
}
