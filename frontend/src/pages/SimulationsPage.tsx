// Simulations: start a load profile, watch its live process count and churn, stop it.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { post } from "../api/client.ts";
import { useProfiles, useSimulations } from "../api/queries.ts";
import type { SimulationRead } from "../api/types.ts";
import { RequireRole } from "../auth/AuthContext.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Empty, QueryView } from "../components/States.tsx";
import { count, dateTime, decimal, percent } from "../format.ts";

const FINISHED = new Set(["stopped", "completed", "failed"]);

export function SimulationsPage() {
  const simulations = useSimulations();
  const queryClient = useQueryClient();
  return (
    <section>
      <h1>Simulations</h1>
      <RequireRole role="operator">
        <StartSimulationForm />
      </RequireRole>
      <h2>Runs</h2>
      <QueryView query={simulations} what="simulations">
        {(list) =>
          list.length === 0 ? (
            <Empty>No simulation has run.</Empty>
          ) : (
            <table className="table" aria-label="Simulations">
              <thead>
                <tr>
                  <th>Profile</th>
                  <th>Status</th>
                  <th>Live processes</th>
                  <th>Started / exited</th>
                  <th>Churn (per s)</th>
                  <th>Ramp-up</th>
                  <th>Ends</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((sim: SimulationRead) => (
                  <tr key={sim.id}>
                    <td>{sim.profile}</td>
                    <td>
                      <span className={`badge status-${sim.status}`}>{sim.status}</span>
                      {sim.error && <div className="bad small">{sim.error}</div>}
                    </td>
                    <td data-testid="active-processes">
                      {count(sim.active_processes)} / {count(sim.target_processes)}
                    </td>
                    <td>
                      {count(sim.started)} / {count(sim.exited)}
                    </td>
                    <td>
                      {decimal(sim.churn_rate_achieved, 2)} (asked {decimal(sim.churn_rate, 2)})
                    </td>
                    <td>
                      <progress max={1} value={sim.progress} aria-label="processes started of the target" /> {percent(sim.progress, 0)}
                    </td>
                    <td>{FINISHED.has(sim.status) ? dateTime(sim.finished_at) : dateTime(sim.ends_at)}</td>
                    <td>
                      {!FINISHED.has(sim.status) && (
                        <RequireRole role="operator">
                          <ConfirmButton
                            label="Stop"
                            danger
                            title="Stop this simulation?"
                            onConfirm={async () => {
                              await post(`/simulations/${sim.id}/stop`);
                              await queryClient.invalidateQueries({ queryKey: ["simulations"] });
                            }}
                          >
                            Its processes are ended.
                          </ConfirmButton>
                        </RequireRole>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

function StartSimulationForm() {
  const profiles = useProfiles();
  const queryClient = useQueryClient();
  const [profile, setProfile] = useState("");
  const [processCount, setProcessCount] = useState("");
  const [durationSeconds, setDurationSeconds] = useState("");
  const chosen = profiles.data?.profiles.find((p) => p.name === profile) ?? profiles.data?.profiles[0];
  const start = useMutation({
    mutationFn: () =>
      post<SimulationRead>("/simulations", {
        profile: chosen?.name,
        ...(processCount ? { process_count: Number(processCount) } : {}),
        ...(durationSeconds ? { duration: Number(durationSeconds) } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["simulations"] }),
  });
  return (
    <QueryView query={profiles} what="profiles">
      {(data) => (
        <form
          className="card"
          aria-label="Start a simulation"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <h2>Start a simulation</h2>
          <p className="small muted">
            Host capacity: {count(data.in_use)} of {count(data.host_cap)} simulated processes in use.
          </p>
          <div className="row">
            <label className="field">
              Profile
              <select value={chosen?.name ?? ""} onChange={(e) => setProfile(e.target.value)}>
                {data.profiles.map((p) => (
                  <option key={p.name}>{p.name}</option>
                ))}
              </select>
            </label>
            <label className="field">
              Process count
              <input
                type="number"
                value={processCount}
                min={chosen?.process_count_range[0] as number | undefined}
                max={chosen?.process_count_range[1] as number | undefined}
                placeholder={String(chosen?.process_count ?? "")}
                onChange={(e) => setProcessCount(e.target.value)}
              />
            </label>
            <label className="field">
              Duration (s)
              <input type="number" value={durationSeconds} placeholder={String(chosen?.duration ?? "")} onChange={(e) => setDurationSeconds(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={start.isPending || !chosen}>
              Start
            </button>
          </div>
          {chosen && <p className="small">{chosen.description}</p>}
          <ErrorMessage error={start.error} title="Not started" />
        </form>
      )}
    </QueryView>
  );
}
