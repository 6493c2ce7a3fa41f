// One variant of an experiment: a catalog template with parameters, or a saved custom pipeline.
import { useQuery } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import { useCustomPipelines, useTemplates } from "../api/queries.ts";
import type { TemplateDetail, VariantSource } from "../api/types.ts";
import { SchemaForm } from "../components/SchemaForm.tsx";
import type { JsonSchema } from "../components/schemaFields.ts";

export function VariantPicker({ label, value, onChange }: { label: string; value: VariantSource; onChange: (v: VariantSource) => void }) {
  const templates = useTemplates();
  const pipelines = useCustomPipelines();
  const usesPipeline = value.pipeline_id !== undefined && value.pipeline_id !== null;
  const id = label.toLowerCase();
  return (
    <fieldset className="variant">
      <legend>{label}</legend>
      <div className="row">
        <label className="field inline">
          <input type="radio" name={`${id}-source`} checked={!usesPipeline} onChange={() => onChange({ template: templates.data?.[0]?.name ?? "", parameters: {} })} />
          Catalog template
        </label>
        <label className="field inline">
          <input
            type="radio"
            name={`${id}-source`}
            checked={usesPipeline}
            disabled={!pipelines.data?.length}
            onChange={() => onChange({ pipeline_id: pipelines.data?.[0]?.id ?? "" })}
          />
          Saved pipeline{pipelines.data?.length === 0 ? " (none saved yet)" : ""}
        </label>
      </div>
      {usesPipeline ? (
        <label className="field">
          {label} pipeline
          <select value={value.pipeline_id ?? ""} onChange={(e) => onChange({ pipeline_id: e.target.value })}>
            {pipelines.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (v{p.version}){p.validation.valid ? "" : " — has errors"}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label className="field">
            {label} template
            <select value={value.template ?? ""} onChange={(e) => onChange({ template: e.target.value, parameters: {} })}>
              {templates.data?.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name} — {t.strategy}
                </option>
              ))}
            </select>
          </label>
          {value.template && <TemplateParameters id={id} template={value.template} parameters={value.parameters ?? {}} onChange={(parameters) => onChange({ ...value, parameters })} />}
        </>
      )}
    </fieldset>
  );
}

function TemplateParameters({ id, template, parameters, onChange }: { id: string; template: string; parameters: Record<string, unknown>; onChange: (p: Record<string, unknown>) => void }) {
  const detail = useQuery({ queryKey: ["templates", template], queryFn: ({ signal }) => get<TemplateDetail>(`/pipelines/templates/${template}`, signal), staleTime: 60_000 });
  if (!detail.data) return null;
  return (
    <details>
      <summary>Parameters ({Object.keys(parameters).length} changed; empty fields keep the template's defaults)</summary>
      <SchemaForm idPrefix={`${id}-param`} schema={detail.data.parameters_schema as JsonSchema} values={parameters} onChange={onChange} />
    </details>
  );
}
