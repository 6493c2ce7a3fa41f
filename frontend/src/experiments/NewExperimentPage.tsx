// The experiment creation wizard: basics → variants → target → run → review.
import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { post } from "../api/client.ts";
import { useTemplates } from "../api/queries.ts";
import type { ExperimentRead } from "../api/types.ts";
import { useCan } from "../auth/AuthContext.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { EMPTY_DRAFT, draftToBody, type ExperimentDraft } from "./experimentDraft.ts";
import { VariantPicker } from "./VariantPicker.tsx";
import { BasicsStep, ReviewSummary, RunStep, TargetStep } from "./WizardSteps.tsx";

const STEPS = ["Basics", "Variants", "Target", "Run", "Review"] as const;
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function NewExperimentPage() {
  const canRun = useCan("operator");
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<ExperimentDraft>(EMPTY_DRAFT);
  const [startNow, setStartNow] = useState(true);
  const update = (patch: Partial<ExperimentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const templates = useTemplates();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Sensible first choices from the catalog: its control group as baseline, another as candidate.
  useEffect(() => {
    const list = templates.data;
    if (!list?.length || draft.baseline.template || draft.baseline.pipeline_id) return;
    const baseline = list.find((t) => t.strategy === "baseline") ?? list[0]!;
    const candidate = list.find((t) => t.name !== baseline.name) ?? baseline;
    update({ baseline: { template: baseline.name, parameters: {} }, candidate: { template: candidate.name, parameters: {} } });
  }, [templates.data, draft.baseline]);

  const create = useMutation({
    mutationFn: async () => {
      const created = await post<ExperimentRead>("/experiments", draftToBody(draft));
      return startNow ? post<ExperimentRead>(`/experiments/${created.id}/start`) : created;
    },
    onSuccess: (experiment) => {
      void queryClient.invalidateQueries({ queryKey: ["experiments"] });
      navigate(`/experiments/${experiment.id}`);
    },
  });

  if (!canRun) return <p>Only operators can create experiments.</p>;
  const nameError = draft.name && !NAME_PATTERN.test(draft.name) ? "Lower-case letters, digits and dashes, starting and ending with a letter or digit." : null;
  const canAdvance = step !== 0 || (draft.name !== "" && !nameError);

  return (
    <section className="wizard">
      <h1>New experiment</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? "step" : undefined} className={index === step ? "current" : index < step ? "done" : ""}>
            {index + 1}. {name}
          </li>
        ))}
      </ol>
      <form
        aria-label={STEPS[step]}
        onSubmit={(event) => {
          event.preventDefault();
          if (step < STEPS.length - 1) {
            if (canAdvance) setStep(step + 1);
          } else create.mutate();
        }}
      >
        {step === 0 && <BasicsStep draft={draft} update={update} nameError={nameError} />}
        {step === 1 && (
          <>
            <VariantPicker label="Baseline" value={draft.baseline} onChange={(baseline) => update({ baseline })} />
            <VariantPicker label="Candidate" value={draft.candidate} onChange={(candidate) => update({ candidate })} />
          </>
        )}
        {step === 2 && <TargetStep draft={draft} update={update} />}
        {step === 3 && <RunStep draft={draft} update={update} />}
        {step === 4 && (
          <>
            <h2>Review</h2>
            <ReviewSummary draft={draft} />
            <details>
              <summary>Request body</summary>
              <pre className="yaml" aria-label="Request body">
                {JSON.stringify(draftToBody(draft), null, 2)}
              </pre>
            </details>
            <label className="field inline">
              <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} /> Start the experiment right away
            </label>
            <ErrorMessage error={create.error} title="Not created" />
          </>
        )}
        <div className="row wizard-nav">
          <button type="button" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </button>
          {step < STEPS.length - 1 ? (
            <button type="submit" className="primary" disabled={!canAdvance}>
              Next
            </button>
          ) : (
            <button type="submit" className="primary" disabled={create.isPending}>
              {create.isPending ? "Creating…" : startNow ? "Create and start" : "Create"}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
