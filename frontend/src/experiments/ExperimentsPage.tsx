// Experiments: a list with a phase filter and a search box.
import { useState } from "react";
import { Link } from "react-router";
import { useExperiments } from "../api/queries.ts";
import { useDebounced } from "../hooks/useDebounced.ts";
import type { Phase } from "../api/types.ts";
import { RequireRole } from "../auth/AuthContext.tsx";
import { Empty, QueryView } from "../components/States.tsx";
import { dateTime, duration } from "../format.ts";
import { PhaseBadge } from "./PhaseBadge.tsx";
import { describeSource } from "./variantSource.ts";

const PHASES: Phase[] = ["pending", "deploying", "running", "analyzing", "completed", "failed", "cancelled"];

export function ExperimentsPage() {
  const [phase, setPhase] = useState("");
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim(), 300);
  const experiments = useExperiments({ phase: phase || undefined, q: query || undefined });
  return (
    <section>
      <div className="page-head">
        <h1>Experiments</h1>
        <RequireRole role="operator">
          <Link className="button primary" to="/experiments/new">
            New experiment
          </Link>
        </RequireRole>
      </div>
      <div className="row filters">
        <label className="field inline">
          Phase
          <select value={phase} onChange={(e) => setPhase(e.target.value)}>
            <option value="">all</option>
            {PHASES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="field inline">
          Search
          <input type="search" value={search} placeholder="name or description" onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <QueryView query={experiments} what="experiments">
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <Empty>No experiments{phase || search ? " match these filters" : " yet"}.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Phase</th>
                  <th>Baseline</th>
                  <th>Candidate</th>
                  <th>Duration</th>
                  <th>Verdict</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((experiment) => (
                  <tr key={experiment.id}>
                    <td>
                      <Link to={`/experiments/${experiment.id}`}>{experiment.name}</Link>
                    </td>
                    <td>
                      <PhaseBadge phase={experiment.phase} />
                    </td>
                    <td>{describeSource(experiment.baseline)}</td>
                    <td>{describeSource(experiment.candidate)}</td>
                    <td>{duration(experiment.duration_seconds)}</td>
                    <td>{experiment.verdict?.replaceAll("_", " ") ?? "—"}</td>
                    <td>{dateTime(experiment.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryView>
      {experiments.hasNextPage && (
        <button type="button" onClick={() => void experiments.fetchNextPage()} disabled={experiments.isFetchingNextPage}>
          {experiments.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
