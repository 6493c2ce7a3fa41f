// One standing deployment with its live KPIs (the control loop's latest sample) or, until the first
// sample, those its source experiment measured for the promoted variant.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { get } from "../api/client.ts";
import type { DeploymentLiveRead, DeploymentRead, DriftReportRead, ExperimentRead } from "../api/types.ts";
import type { ExperimentResults, VariantResultsRead } from "../experiments/resultsTypes.ts";
import { DeploymentActions } from "./DeploymentActions.tsx";
import { DeploymentConfig } from "./DeploymentConfig.tsx";
import { describeSource } from "../experiments/variantSource.ts";
import { bytes, count, decimal, percent, usd } from "../format.ts";

/** The promoted variant's measured results, from the experiment the deployment came from. */
function useDeploymentMeasurement(deployment: DeploymentRead) {
  const experimentId = deployment.source_experiment_id;
  const experiment = useQuery({
    queryKey: ["experiment", experimentId, ""],
    queryFn: ({ signal }) => get<ExperimentRead>(`/experiments/${experimentId}`, signal),
    enabled: Boolean(experimentId),
  });
  const results = useQuery({
    queryKey: ["experiment", experimentId, "results"],
    queryFn: ({ signal }) => get<ExperimentResults>(`/experiments/${experimentId}/results`, signal),
    enabled: Boolean(experimentId),
  });
  const variant = experiment.data?.promoted_variant ?? "candidate";
  const measured = results.data?.variants[variant] as VariantResultsRead | undefined;
  return { variant, measured, results: results.data };
}

type KpiName = "input_processes" | "output_series" | "critical_retention" | "collector_cpu_cores" | "collector_peak_memory_bytes";

export function DeploymentRow({
  deployment,
  live,
  drift,
}: {
  deployment: DeploymentRead;
  live?: DeploymentLiveRead;
  drift: DriftReportRead[];
}) {
  const { variant, measured, results } = useDeploymentMeasurement(deployment);
  const kpi = (name: KpiName) => (live ? (live[name] ?? null) : (measured?.kpis[name]?.mean ?? null));
  const baselineSeries = results?.variants.baseline?.kpis.output_series?.mean;
  const reduction = live
    ? baselineSeries
      ? 1 - live.output_series / baselineSeries
      : null
    : variant === "candidate"
      ? results?.comparison.cardinality_reduction
      : null;
  const selector = Object.entries(deployment.target.node_selector ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return (
    <tr>
      <td>
        {deployment.name}
        <div className="small muted">{describeSource(deployment.source)}</div>
        <DeploymentConfig deploymentId={deployment.id} />
      </td>
      <td>
        {deployment.target.namespace ?? "default"}
        {selector.length > 0 && <div className="small muted">{selector.join(", ")}</div>}
      </td>
      <td>
        <span className={`badge status-${deployment.status}`}>{deployment.status}</span>
        <DeploymentActions deployment={deployment} />
      </td>
      <td>{count(kpi("input_processes"))}</td>
      <td>{count(kpi("output_series"))}</td>
      <td>{reduction === null || reduction === undefined ? "—" : percent(reduction)}</td>
      <td>{percent(kpi("critical_retention"))}</td>
      <td>
        {decimal(kpi("collector_cpu_cores"))} / {bytes(kpi("collector_peak_memory_bytes"))}
      </td>
      <td>{usd(measured?.cost.monthly_usd)}</td>
      <td>{drift.length ? drift.map((r) => `${r.kind} ${decimal(r.score, 2)} → ${r.recommended_action}`).join("; ") : "none"}</td>
      <td>
        {live ? (
          <span title={`sampled ${new Date(live.taken_at).toLocaleString()}`}>{live.measured_by ?? "—"} (live)</span>
        ) : (
          (measured?.measured_by?.join(", ") ?? "—")
        )}
        {deployment.source_experiment_id && (
          <div className="small">
            <Link to={`/experiments/${deployment.source_experiment_id}`}>measuring experiment</Link>
          </div>
        )}
      </td>
    </tr>
  );
}
