// Each variant's collector config: rendered from its template, or the saved pipeline's YAML.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { get, post } from "../api/client.ts";
import type { CustomPipelineRead, ExperimentRead, ManifestsRead, RenderRead } from "../api/types.ts";
import { QueryView } from "../components/States.tsx";

type Source = { template?: string; parameters?: Record<string, unknown>; pipeline_id?: string; version?: number };

function useVariantYaml(source: Source) {
  return useQuery({
    queryKey: ["variant-yaml", source],
    queryFn: async ({ signal }) => {
      if (source.pipeline_id) {
        const version = source.version ? `?version=${source.version}` : "";
        return (await get<CustomPipelineRead>(`/pipelines/${source.pipeline_id}${version}`, signal)).config_yaml;
      }
      return (await post<RenderRead>("/pipelines/render", { template: source.template, parameters: source.parameters ?? {} })).config_yaml;
    },
    staleTime: Infinity,
  });
}

function useManifests(experiment: ExperimentRead, variant: string, source: Source, enabled: boolean) {
  return useQuery({
    queryKey: ["variant-manifests", experiment.id, variant],
    queryFn: () =>
      post<ManifestsRead>("/pipelines/manifests", {
        ...(source.pipeline_id ? { pipeline_id: source.pipeline_id } : { template: source.template, parameters: source.parameters ?? {} }),
        experiment: experiment.name,
        variant,
        target: experiment.target,
      }),
    enabled,
    staleTime: Infinity,
  });
}

function VariantYaml({ experiment, name, source }: { experiment: ExperimentRead; name: string; source: Source }) {
  const yaml = useVariantYaml(source);
  const [showManifests, setShowManifests] = useState(false);
  const manifests = useManifests(experiment, name, source, showManifests);
  return (
    <details>
      <summary>{name}</summary>
      <QueryView query={yaml} what={`the ${name} config`}>
        {(text) => <pre className="yaml">{text}</pre>}
      </QueryView>
      <details onToggle={(e) => setShowManifests((e.target as HTMLDetailsElement).open)}>
        <summary>Kubernetes manifests of {name}</summary>
        {showManifests && <QueryView query={manifests} what="the manifests">{(m) => <pre className="yaml">{m.yaml}</pre>}</QueryView>}
      </details>
    </details>
  );
}

export function VariantConfigs({ experiment }: { experiment: ExperimentRead }) {
  return (
    <div>
      <p className="muted small">As the catalog renders them; the run adds its identity (experiment, variant label, critical patterns).</p>
      <VariantYaml experiment={experiment} name="baseline" source={experiment.baseline as Source} />
      <VariantYaml experiment={experiment} name="candidate" source={experiment.candidate as Source} />
    </div>
  );
}
