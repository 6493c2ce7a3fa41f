// Each variant's collector config: once the run started deploying, exactly what it runs (frozen on the
// experiment); before that, as its template renders it or the saved pipeline's YAML.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { get, post } from "../api/client.ts";
import type { CustomPipelineRead, ExperimentRead, FrozenVariants, ManifestsRead, RenderRead } from "../api/types.ts";
import { QueryView } from "../components/States.tsx";

type Source = { template?: string; parameters?: Record<string, unknown>; pipeline_id?: string; version?: number };

function useFrozenYaml(experiment: ExperimentRead, name: "baseline" | "candidate") {
  return useQuery({
    queryKey: ["experiment-variants", experiment.id, experiment.version],
    queryFn: ({ signal }) => get<FrozenVariants>(`/experiments/${experiment.id}/variants`, signal),
    select: (variants) => variants[name].config_yaml,
    enabled: experiment.phase !== "pending",
    staleTime: Infinity,
  });
}

function useSourceYaml(source: Source, enabled: boolean) {
  return useQuery({
    queryKey: ["variant-yaml", source],
    enabled,
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

function VariantYaml({ experiment, name, source }: { experiment: ExperimentRead; name: "baseline" | "candidate"; source: Source }) {
  const pending = experiment.phase === "pending";
  const frozen = useFrozenYaml(experiment, name);
  const rendered = useSourceYaml(source, pending);
  const yaml = pending ? rendered : frozen;
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
      <p className="muted small">
        {experiment.phase === "pending"
          ? "As the catalog renders them now; the run freezes its own copy (with its identity) when it starts deploying."
          : "Exactly as this run renders and runs them (frozen when it started deploying)."}
      </p>
      <VariantYaml experiment={experiment} name="baseline" source={experiment.baseline as Source} />
      <VariantYaml experiment={experiment} name="candidate" source={experiment.candidate as Source} />
    </div>
  );
}
