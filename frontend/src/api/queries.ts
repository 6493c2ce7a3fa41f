// Query hooks shared by several views; keys are the ones live updates invalidate (live/sse.ts).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { get } from "./client.ts";
import type {
  CustomPipelineRead,
  DeploymentLiveRead,
  DeploymentRead,
  DriftReportRead,
  ExperimentPage,
  ProfilesRead,
  SimulationRead,
  TemplateSummary,
} from "./types.ts";
import { useRefetchInterval } from "../live/liveStatus.ts";

export function useTemplates() {
  return useQuery({ queryKey: ["templates"], queryFn: ({ signal }) => get<TemplateSummary[]>("/pipelines/templates", signal), staleTime: 60_000 });
}

export function useCustomPipelines() {
  return useQuery({ queryKey: ["pipelines"], queryFn: ({ signal }) => get<CustomPipelineRead[]>("/pipelines", signal) });
}

export function useExperiments(filters: { phase?: string; q?: string } = {}) {
  const refetchInterval = useRefetchInterval();
  return useInfiniteQuery({
    queryKey: ["experiments", filters],
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ limit: "50" });
      if (filters.phase) params.set("phase", filters.phase);
      if (filters.q) params.set("q", filters.q);
      if (pageParam) params.set("cursor", pageParam);
      return get<ExperimentPage>(`/experiments?${params}`, signal);
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval,
    placeholderData: (previous) => previous,
  });
}

export function useDeployments() {
  const refetchInterval = useRefetchInterval();
  return useQuery({ queryKey: ["deployments"], queryFn: ({ signal }) => get<DeploymentRead[]>("/deployments", signal), refetchInterval });
}

/** Each active deployment's latest live KPIs, sampled by the control loop every reconcile interval. */
export function useLiveDeployments() {
  return useQuery({
    queryKey: ["deployments-live"],
    queryFn: ({ signal }) => get<DeploymentLiveRead[]>("/control/deployments/live", signal),
    refetchInterval: 10_000, // the samples are not stored changes: the stream does not announce them
  });
}

export function useDrift() {
  const refetchInterval = useRefetchInterval();
  return useQuery({ queryKey: ["drift"], queryFn: ({ signal }) => get<DriftReportRead[]>("/control/drift?open_only=true", signal), refetchInterval });
}

export function useSimulations() {
  const refetchInterval = useRefetchInterval(true);
  return useQuery({ queryKey: ["simulations"], queryFn: ({ signal }) => get<SimulationRead[]>("/simulations", signal), refetchInterval });
}

export function useProfiles() {
  return useQuery({ queryKey: ["simulation-profiles"], queryFn: ({ signal }) => get<ProfilesRead>("/simulations/profiles", signal) });
}
