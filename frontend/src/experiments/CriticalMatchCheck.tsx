// Which processes on this host the critical patterns protect, per pattern, and which patterns match
// nothing (a typo?). The same rule the rendered configs use (POST /pipelines/critical-matches).
import { useMutation } from "@tanstack/react-query";
import { post } from "../api/client.ts";
import type { CriticalMatchesRead } from "../api/types.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { count } from "../format.ts";

export function CriticalMatchCheck({ patterns }: { patterns: string[] }) {
  const check = useMutation({
    mutationFn: () =>
      post<CriticalMatchesRead>("/pipelines/critical-matches", {
        snapshot: { kind: "live" },
        ...(patterns.length > 0 ? { critical_processes: patterns } : {}),
      }),
  });
  const result = check.data;
  return (
    <section aria-label="Matches on this host">
      <button type="button" onClick={() => check.mutate()} disabled={check.isPending}>
        {check.isPending ? "Checking…" : "Check matches on this host"}
      </button>
      <ErrorMessage error={check.error} title="Check failed" />
      {result && (
        <div data-testid="critical-matches">
          <p role="status">
            {count(result.critical_processes)} of {count(result.total_processes)} processes on {result.host} are critical.
          </p>
          <ul className="plain small">
            {result.patterns
              .filter((p) => p.processes > 0)
              .map((p) => (
                <li key={p.pattern}>
                  <code>{p.pattern}</code>: {p.names.map((n) => `${n.name} (${n.processes})`).join(", ")}
                </li>
              ))}
          </ul>
          {result.unmatched_patterns.length > 0 && (
            <p className="small muted">
              Matching nothing here: {result.unmatched_patterns.map((p) => <code key={p}>{p} </code>)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
