// Start, stop and promote, each confirmed; only for operators, only when the phase allows it.
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { del, post } from "../api/client.ts";
import type { ExperimentRead } from "../api/types.ts";
import { useCan } from "../auth/AuthContext.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export function ExperimentActions({ experiment }: { experiment: ExperimentRead }) {
  const canRun = useCan("operator");
  const queryClient = useQueryClient();
  const [variant, setVariant] = useState<"candidate" | "baseline">("candidate");
  const navigate = useNavigate();
  if (!canRun) return null;

  const act = async (path: string, body?: unknown) => {
    await post<ExperimentRead>(`/experiments/${experiment.id}/${path}`, body);
    await queryClient.invalidateQueries({ queryKey: ["experiment", experiment.id] });
    void queryClient.invalidateQueries({ queryKey: ["experiments"] });
  };
  const allowed = experiment.allowed_transitions ?? [];
  // Pause and resume are control signals: stored, audited, executed at once.
  const signal = async (kind: "pause" | "resume") => {
    await post("/control/signals", { kind, experiment_id: experiment.id, reason: `${kind} from the console` });
    await queryClient.invalidateQueries({ queryKey: ["experiment", experiment.id] });
  };

  return (
    <div className="row actions">
      {experiment.phase === "pending" && allowed.includes("deploying") && (
        <ConfirmButton label="Start" title={`Start ${experiment.name}?`} onConfirm={() => act("start")}>
          Both variants are deployed on the target and sampled for {experiment.duration_seconds} s.
        </ConfirmButton>
      )}
      {experiment.phase === "running" && !experiment.paused_at && (
        <ConfirmButton label="Pause" title={`Pause ${experiment.name}?`} onConfirm={() => signal("pause")}>
          Sampling stops and the run's clock with it; the duration is extended by the time spent paused.
        </ConfirmButton>
      )}
      {experiment.paused_at && !TERMINAL.has(experiment.phase) && (
        <ConfirmButton label="Resume" title={`Resume ${experiment.name}?`} onConfirm={() => signal("resume")}>
          Sampling continues where it stopped.
        </ConfirmButton>
      )}
      {!TERMINAL.has(experiment.phase) && (
        <ConfirmButton label="Stop" danger title={`Stop ${experiment.name}?`} onConfirm={() => act("stop", { reason: "stopped from the console" })}>
          The experiment is cancelled and both variants are removed; what ran before is restored.
        </ConfirmButton>
      )}
      {experiment.phase === "completed" && !experiment.promoted_variant && (
        <ConfirmButton label="Promote…" title={`Promote a variant of ${experiment.name}`} confirmLabel={`Promote ${variant}`} onConfirm={() => act("promote", { variant })}>
          <p>The chosen variant becomes a standing deployment on the target; the other is removed.</p>
          <label className="field inline">
            Variant
            <select value={variant} onChange={(e) => setVariant(e.target.value as "candidate" | "baseline")}>
              <option value="candidate">candidate</option>
              <option value="baseline">baseline</option>
            </select>
          </label>
        </ConfirmButton>
      )}
      {TERMINAL.has(experiment.phase) && (
        <ConfirmButton
          label="Delete"
          danger
          title={`Delete ${experiment.name}?`}
          onConfirm={async () => {
            await del(`/experiments/${experiment.id}`);
            void queryClient.invalidateQueries({ queryKey: ["experiments"] });
            navigate("/experiments");
          }}
        >
          The experiment, its samples and its timeline are deleted.
        </ConfirmButton>
      )}
    </div>
  );
}
