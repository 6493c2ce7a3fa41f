// Overview: standing deployments per target, active experiments, drift, and what the loop is doing.
import { Link } from "react-router";
import { useDeployments, useDrift, useExperiments, useLiveDeployments } from "../api/queries.ts";
import { Empty, QueryView } from "../components/States.tsx";
import { KpiGrid } from "../components/KpiGrid.tsx";
import { PhaseBadge } from "../experiments/PhaseBadge.tsx";
import { describeSource } from "../experiments/variantSource.ts";
import { useRefetchInterval } from "../live/liveStatus.ts";
import { ControlLoopTable, useControlStatus } from "./ControlLoopTable.tsx";
import { CostTotals } from "./CostTotals.tsx";
import { DeploymentRow } from "./DeploymentRow.tsx";
import { DriftTable } from "./DriftTable.tsx";

const ACTIVE = new Set(["pending", "deploying", "running", "analyzing"]);

export function OverviewPage() {
  const deployments = useDeployments();
  const live = useLiveDeployments();
  const experiments = useExperiments();
  const drift = useDrift();
  const refetchInterval = useRefetchInterval(true); // the loop's ticks are not stored changes
  const control = useControlStatus(refetchInterval);
  const items = experiments.data?.pages.flatMap((page) => page.items) ?? [];
  const active = items.filter((e) => ACTIVE.has(e.phase));
  const completedQuery = useExperiments({ phase: "completed" });
  const completedCount = completedQuery.data
    ? `${completedQuery.data.pages.reduce((n, page) => n + page.items.length, 0)}${completedQuery.hasNextPage ? "+" : ""}`
    : "…";

  return (
    <section>
      <h1>Overview</h1>
      <KpiGrid
        label="Totals"
        kpis={[
          { label: "Active deployments", value: deployments.data ? deployments.data.filter((d) => d.status === "active").length : "…" },
          { label: "Active experiments", value: experiments.data ? active.length : "…" },
          { label: "Completed experiments", value: completedCount },
          { label: "Open drift reports", value: drift.data ? drift.data.length : "…" },
          { label: "Runtime", value: control.data?.runtime ?? "…" },
        ]}
      />
      <h2>Deployments</h2>
      <QueryView query={deployments} what="deployments">
        {(list) =>
          list.length === 0 ? (
            <Empty>No pipeline is deployed. Promote the winner of an experiment to deploy it.</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table className="table" aria-label="Deployments">
                  <thead>
                    <tr>
                      <th>Deployment</th>
                      <th>Target</th>
                      <th>Status</th>
                      <th>Input processes</th>
                      <th>Output series</th>
                      <th>Reduction</th>
                      <th>Critical retention</th>
                      <th>Collector CPU / memory</th>
                      <th>Monthly cost</th>
                      <th>Drift</th>
                      <th>Measured by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((deployment) => (
                      <DeploymentRow
                        key={deployment.id}
                        deployment={deployment}
                        live={live.data?.find((l) => l.deployment_id === deployment.id)}
                        drift={drift.data?.filter((r) => r.deployment_id === deployment.id) ?? []}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="small muted">
                Live KPIs are sampled by the control loop every reconcile interval (reduction against the baseline its experiment measured); until the first sample, a row shows the means its source experiment measured for the promoted variant.
              </p>
              <CostTotals deployments={list} />
            </>
          )
        }
      </QueryView>
      <h2>Active experiments</h2>
      <QueryView query={experiments} what="experiments">
        {() =>
          active.length === 0 ? (
            <Empty>
              No experiment is running. <Link to="/experiments/new">Start one</Link>.
            </Empty>
          ) : (
            <ul className="plain">
              {active.map((e) => (
                <li key={e.id}>
                  <Link to={`/experiments/${e.id}`}>{e.name}</Link> <PhaseBadge phase={e.phase} /> {describeSource(e.baseline)} vs {describeSource(e.candidate)}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <h2>Drift</h2>
      <DriftTable drift={drift} />
      <h2>Control loop</h2>
      <ControlLoopTable control={control} />
    </section>
  );
}
