// One experiment: phase and actions, verdict, KPIs per variant, charts, cost, timeline, configs.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { get } from "../api/client.ts";
import type { EventRead, ExperimentRead, ExperimentResults, TimeseriesRead, TransitionRead } from "../api/types.ts";
import { QueryView } from "../components/States.tsx";
import { useRefetchInterval } from "../live/liveStatus.ts";
import { dateTime, duration } from "../format.ts";
import { ExperimentActions } from "./ExperimentActions.tsx";
import { ExperimentCharts } from "./ExperimentCharts.tsx";
import { PhaseBadge } from "./PhaseBadge.tsx";
import { CostTable, VariantKpiCards, Verdict } from "./ResultsViews.tsx";
import { Timeline } from "./Timeline.tsx";
import { VariantConfigs } from "./VariantConfigs.tsx";
import { describeSource } from "./variantSource.ts";

/** One part of an experiment; `phase` in the key refetches it whenever the phase moves. */
function useExperimentPart<T>(id: string, part: string, enabled = true, phase?: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: ["experiment", id, part, ...(phase ? [phase] : [])],
    queryFn: ({ signal }) => get<T>(`/experiments/${id}${part ? `/${part}` : ""}`, signal),
    refetchInterval,
    enabled,
    placeholderData: (previous) => previous, // no loading flash when the phase (the key) moves
  });
}

export function ExperimentDetailPage() {
  const { experimentId = "" } = useParams();
  const experiment = useExperimentPart<ExperimentRead>(experimentId, "");
  const started = Boolean(experiment.data?.started_at);
  const phase = experiment.data?.phase;
  const results = useExperimentPart<ExperimentResults>(experimentId, "results", started, phase);
  const timeseries = useExperimentPart<TimeseriesRead>(experimentId, "timeseries", started, phase);
  const transitions = useExperimentPart<TransitionRead[]>(experimentId, "transitions", true, phase);
  const events = useExperimentPart<EventRead[]>(experimentId, "events", true, phase);

  return (
    <QueryView query={experiment} what="the experiment">
      {(exp) => (
        <article className="experiment">
          <p>
            <Link to="/experiments">← Experiments</Link>
          </p>
          <div className="page-head">
            <h1>{exp.name}</h1>
            <PhaseBadge phase={exp.phase} />
            {exp.paused_at && <span className="badge status-suspended">paused</span>}
            <ExperimentActions experiment={exp} />
          </div>
          {exp.description && <p>{exp.description}</p>}
          <dl className="facts">
            <dt>Baseline</dt>
            <dd>{describeSource(exp.baseline)}</dd>
            <dt>Candidate</dt>
            <dd>{describeSource(exp.candidate)}</dd>
            <dt>Duration</dt>
            <dd>
              {duration(exp.duration_seconds)} (warm-up {duration(exp.warmup_seconds)})
            </dd>
            <dt>Critical patterns</dt>
            <dd>{exp.critical_processes.length} ({exp.critical_processes.slice(0, 6).join(", ")}{exp.critical_processes.length > 6 ? ", …" : ""})</dd>
            <dt>Success criteria</dt>
            <dd>
              {Object.entries(exp.success_criteria)
                .map(([name, value]) => `${name.replaceAll("_", " ")} ${String(value)}`)
                .join(" · ")}
            </dd>
            <dt>Started</dt>
            <dd>{dateTime(exp.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{dateTime(exp.finished_at)}</dd>
            <dt>Load</dt>
            <dd>
              {exp.simulation_id ? <Link to="/simulations">simulation {String(exp.load_profile?.profile ?? exp.simulation_id)}</Link> : "none"}
            </dd>
            {exp.promoted_variant && (
              <>
                <dt>Promoted</dt>
                <dd data-testid="promoted-variant">{exp.promoted_variant}</dd>
              </>
            )}
          </dl>
          {started ? (
            <QueryView query={results} what="results">
              {(res) => (
                <>
                  <Verdict results={res} />
                  <VariantKpiCards results={res} />
                  <CostTable results={res} />
                </>
              )}
            </QueryView>
          ) : (
            <p className="muted">Results appear once the experiment runs.</p>
          )}
          <h2>Over time</h2>
          {started ? <QueryView query={timeseries} what="samples">{(ts) => <ExperimentCharts timeseries={ts} />}</QueryView> : <p className="muted">Not started.</p>}
          <h2>Timeline</h2>
          <Timeline transitions={transitions.data ?? []} events={events.data ?? []} />
          <h2>Variant configs</h2>
          <VariantConfigs experiment={exp} />
        </article>
      )}
    </QueryView>
  );
}
