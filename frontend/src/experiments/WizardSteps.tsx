// The steps of the experiment creation wizard; each edits part of the draft.
import type { ReactNode } from "react";
import { useProfiles } from "../api/queries.ts";
import { useSchemaDefaults } from "../api/schemaDefaults.ts";
import { CriticalMatchCheck } from "./CriticalMatchCheck.tsx";
import { draftToBody, type ExperimentDraft } from "./experimentDraft.ts";
import { describeSource } from "./variantSource.ts";

export function ReviewSummary({ draft }: { draft: ExperimentDraft }) {
  const body = draftToBody(draft);
  const or = (value: unknown, fallback = "server default") => (value === undefined ? fallback : String(value));
  return (
    <dl className="facts" aria-label="Summary">
      <dt>Name</dt>
      <dd>{body.name}</dd>
      <dt>Baseline</dt>
      <dd>{describeSource(body.baseline)}</dd>
      <dt>Candidate</dt>
      <dd>{describeSource(body.candidate)}</dd>
      <dt>Target</dt>
      <dd>{body.target ? JSON.stringify(body.target) : "server default (this host on the local runtime)"}</dd>
      <dt>Critical patterns</dt>
      <dd>{body.critical_processes?.join(", ") ?? "the default list"}</dd>
      <dt>Duration / warm-up</dt>
      <dd>
        {or(body.duration)} / {or(body.warmup)}
      </dd>
      <dt>Success criteria</dt>
      <dd>{body.success_criteria ? Object.entries(body.success_criteria).map(([k, v]) => `${k} ${v}`).join(", ") : "server defaults"}</dd>
      <dt>Auto-promote</dt>
      <dd>{body.auto_promote ? "yes" : "no"}</dd>
      <dt>Load</dt>
      <dd>{body.load_profile ? `${body.load_profile.profile}${body.load_profile.process_count ? `, ${body.load_profile.process_count} processes` : ""}` : "none"}</dd>
    </dl>
  );
}

export type StepProps = { draft: ExperimentDraft; update: (patch: Partial<ExperimentDraft>) => void };

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      {label}
      {children}
      {hint && <small className="muted">{hint}</small>}
    </label>
  );
}

export function BasicsStep({ draft, update, nameError }: StepProps & { nameError: string | null }) {
  return (
    <>
      <label className="field" htmlFor="experiment-name">
        Name
      </label>
      <input id="experiment-name" required autoFocus value={draft.name} aria-invalid={Boolean(nameError) || undefined} aria-describedby="experiment-name-error" onChange={(e) => update({ name: e.target.value })} />
      {nameError && (
        <small id="experiment-name-error" className="field-error">
          {nameError}
        </small>
      )}
      <Field label="Description">
        <textarea rows={3} value={draft.description} onChange={(e) => update({ description: e.target.value })} />
      </Field>
    </>
  );
}

export function TargetStep({ draft, update }: StepProps) {
  const defaults = useSchemaDefaults("ExperimentCreate");
  const defaultPatterns = Array.isArray(defaults.critical_processes) ? (defaults.critical_processes as string[]).join("\n") : "";
  return (
    <>
      <Field label="Namespace" hint="Kubernetes runtime only; the local runtime runs on this host.">
        <input value={draft.namespace} onChange={(e) => update({ namespace: e.target.value })} />
      </Field>
      <Field label="Node selector (key=value, one per line)">
        <textarea rows={2} className="code" value={draft.nodeSelector} onChange={(e) => update({ nodeSelector: e.target.value })} />
      </Field>
      <Field label="Critical process patterns (RE2, one per line)" hint={
          defaultPatterns
            ? "Empty keeps the default list shown. Matching processes are never dropped or merged."
            : "Empty keeps Phoenix's default list (the check below shows its patterns). Matching processes are never dropped or merged."
        }>
        <textarea rows={6} className="code" value={draft.criticalProcesses} placeholder={defaultPatterns} onChange={(e) => update({ criticalProcesses: e.target.value })} />
      </Field>
      <CriticalMatchCheck patterns={draftToBody(draft).critical_processes ?? []} />
    </>
  );
}

export function RunStep({ draft, update }: StepProps) {
  const experimentDefaults = useSchemaDefaults("ExperimentCreate");
  const criteriaDefaults = useSchemaDefaults("SuccessCriteria");
  const profiles = useProfiles();
  const placeholder = (value: unknown) => (value === undefined || value === null ? "server default" : `default ${String(value)}`);
  return (
    <>
      <div className="row">
        <Field label="Duration" hint="Seconds, or e.g. 30m, 2h.">
          <input name="duration" value={draft.duration} placeholder={placeholder(experimentDefaults.duration)} onChange={(e) => update({ duration: e.target.value })} />
        </Field>
        <Field label="Warm-up" hint="Samples in the warm-up are not scored.">
          <input name="warmup" value={draft.warmup} placeholder={placeholder(experimentDefaults.warmup)} onChange={(e) => update({ warmup: e.target.value })} />
        </Field>
      </div>
      <fieldset>
        <legend>Success criteria (fractions 0–1)</legend>
        <div className="grid-2">
          {Object.keys(criteriaDefaults).map((key) => (
            <Field key={key} label={key.replaceAll("_", " ")}>
              <input
                name={key}
                type="number"
                step="any"
                min={0}
                max={1}
                value={draft.criteria[key] ?? ""}
                placeholder={placeholder(criteriaDefaults[key])}
                onChange={(e) => update({ criteria: { ...draft.criteria, [key]: e.target.value } })}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      <label className="field inline">
        <input type="checkbox" checked={draft.autoPromote} onChange={(e) => update({ autoPromote: e.target.checked })} /> Promote the candidate automatically when it is adopted
      </label>
      <fieldset>
        <legend>Load</legend>
        <label className="field inline">
          <input
            type="checkbox"
            name="load-profile-enabled"
            checked={draft.loadProfile.enabled}
            onChange={(e) => update({ loadProfile: { ...draft.loadProfile, enabled: e.target.checked, profile: draft.loadProfile.profile || profiles.data?.profiles[0]?.name || "" } })}
          />{" "}
          Run a simulated process load during the experiment
        </label>
        {draft.loadProfile.enabled && (
          <div className="row">
            <Field label="Profile">
              <select name="load-profile" value={draft.loadProfile.profile} onChange={(e) => update({ loadProfile: { ...draft.loadProfile, profile: e.target.value } })}>
                {profiles.data?.profiles.map((p) => (
                  <option key={p.name}>{p.name}</option>
                ))}
              </select>
            </Field>
            <Field label="Process count">
              <input
                name="load-process-count"
                type="number"
                value={draft.loadProfile.processCount}
                placeholder={String(profiles.data?.profiles.find((p) => p.name === draft.loadProfile.profile)?.process_count ?? "")}
                onChange={(e) => update({ loadProfile: { ...draft.loadProfile, processCount: e.target.value } })}
              />
            </Field>
            <Field label="Seed">
              <input name="load-seed" type="number" value={draft.loadProfile.seed} onChange={(e) => update({ loadProfile: { ...draft.loadProfile, seed: e.target.value } })} />
            </Field>
          </div>
        )}
      </fieldset>
    </>
  );
}
