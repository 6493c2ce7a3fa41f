import type { Phase } from "../api/types.ts";

export function PhaseBadge({ phase }: { phase: Phase | string }) {
  return (
    <span className={`badge phase phase-${phase}`} data-testid="phase">
      {phase}
    </span>
  );
}
