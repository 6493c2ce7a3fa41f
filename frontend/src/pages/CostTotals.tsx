// Monthly cost of the active deployments and what they save against their baselines, with the
// pricing assumptions the API used (figures from each deployment's source experiment).
import { useQueries } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import type { DeploymentRead, ExperimentRead } from "../api/types.ts";
import { KpiGrid } from "../components/KpiGrid.tsx";
import type { ExperimentResults, VariantResultsRead } from "../experiments/resultsTypes.ts";
import { usd } from "../format.ts";

export function CostTotals({ deployments }: { deployments: DeploymentRead[] }) {
  const measured = deployments.filter((d) => d.status === "active" && d.source_experiment_id);
  const results = useQueries({
    queries: measured.map((d) => ({
      queryKey: ["experiment", d.source_experiment_id, "results"],
      queryFn: ({ signal }: { signal: AbortSignal }) => get<ExperimentResults>(`/experiments/${d.source_experiment_id}/results`, signal),
    })),
  });
  const experiments = useQueries({
    queries: measured.map((d) => ({
      queryKey: ["experiment", d.source_experiment_id, ""],
      queryFn: ({ signal }: { signal: AbortSignal }) => get<ExperimentRead>(`/experiments/${d.source_experiment_id}`, signal),
    })),
  });
  // Each deployment with the variant it runs (the promoted one) and what its experiment measured.
  const loaded = results.flatMap((r, i) => {
    const promoted = experiments[i]?.data?.promoted_variant;
    return r.data && promoted ? [{ results: r.data, promoted }] : [];
  });
  if (loaded.length === 0) return null;
  const sum = (pick: (m: (typeof loaded)[number]) => number | undefined) => loaded.reduce((total, m) => total + (pick(m) ?? 0), 0);
  const cost = (r: ExperimentResults, variant: string) => (r.variants[variant] as VariantResultsRead | undefined)?.cost.monthly_usd;
  const promotedCandidate = (m: (typeof loaded)[number]) => m.promoted === "candidate";
  const assumptions = loaded[0]!.results.cost_assumptions;
  return (
    <section aria-label="Cost estimate">
      <h3>Cost estimate</h3>
      <KpiGrid
        label="Cost totals"
        kpis={[
          { label: "Monthly cost (deployed)", value: usd(sum((m) => cost(m.results, m.promoted))) },
          { label: "Monthly cost (baselines)", value: usd(sum((m) => cost(m.results, "baseline"))) },
          { label: "Monthly savings", value: usd(sum((m) => (promotedCandidate(m) ? m.results.comparison.monthly_savings_usd : 0))) },
          { label: "Annual savings", value: usd(sum((m) => (promotedCandidate(m) ? m.results.comparison.annual_savings_usd : 0))) },
        ]}
      />
      <p className="small muted">
        {loaded.length} of {deployments.filter((d) => d.status === "active").length} active deployment(s) measured by an experiment. Assumptions:{" "}
        {usd(assumptions.usd_per_gb_ingested)} per GB ingested, {usd(assumptions.usd_per_million_data_points)} per million data points,{" "}
        {assumptions.hours_per_month} h per month, {assumptions.hosts} host(s); bytes: {assumptions.bytes}; volume: {assumptions.volume}.
      </p>
    </section>
  );
}
