// The creation wizard's draft and how it becomes the body of POST /experiments.
import type { ExperimentCreate, VariantSource } from "../api/types.ts";

export interface ExperimentDraft {
  name: string;
  description: string;
  baseline: VariantSource;
  candidate: VariantSource;
  namespace: string;
  nodeSelector: string; // one key=value per line
  criticalProcesses: string; // one pattern per line; empty keeps the server's default list
  duration: string;
  warmup: string;
  criteria: Record<string, string>;
  autoPromote: boolean;
  loadProfile: { enabled: boolean; profile: string; processCount: string; seed: string };
}

export const EMPTY_DRAFT: ExperimentDraft = {
  name: "",
  description: "",
  baseline: { template: "", parameters: {} },
  candidate: { template: "", parameters: {} },
  namespace: "",
  nodeSelector: "",
  criticalProcesses: "",
  duration: "",
  warmup: "",
  criteria: {},
  autoPromote: false,
  loadProfile: { enabled: false, profile: "", processCount: "", seed: "" },
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** A duration as typed: bare digits are seconds, anything else ("30m") goes to the server as is. */
const durationValue = (text: string): string | number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());

function variant(source: VariantSource): VariantSource {
  if (source.pipeline_id) return { pipeline_id: source.pipeline_id };
  return { template: source.template, parameters: source.parameters ?? {} };
}

export function draftToBody(draft: ExperimentDraft): ExperimentCreate {
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    description: draft.description,
    baseline: variant(draft.baseline),
    candidate: variant(draft.candidate),
    auto_promote: draft.autoPromote,
  };
  const selector = Object.fromEntries(
    lines(draft.nodeSelector).map((line) => {
      const [key, ...rest] = line.split("=");
      return [key!.trim(), rest.join("=").trim()];
    }),
  );
  if (draft.namespace.trim() || Object.keys(selector).length > 0) {
    body.target = { ...(draft.namespace.trim() ? { namespace: draft.namespace.trim() } : {}), node_selector: selector };
  }
  if (draft.criticalProcesses.trim()) body.critical_processes = lines(draft.criticalProcesses);
  if (draft.duration.trim()) body.duration = durationValue(draft.duration);
  if (draft.warmup.trim()) body.warmup = durationValue(draft.warmup);
  const criteria = Object.fromEntries(
    Object.entries(draft.criteria)
      .filter(([, value]) => value.trim() !== "")
      .map(([key, value]) => [key, Number(value)]),
  );
  if (Object.keys(criteria).length > 0) body.success_criteria = criteria;
  if (draft.loadProfile.enabled && draft.loadProfile.profile) {
    body.load_profile = {
      profile: draft.loadProfile.profile,
      ...(draft.loadProfile.processCount ? { process_count: Number(draft.loadProfile.processCount) } : {}),
      ...(draft.loadProfile.seed ? { seed: Number(draft.loadProfile.seed) } : {}),
    };
  }
  return body as unknown as ExperimentCreate;
}
