// Phase transitions and events of an experiment, newest first, with who or what did it and why.
import type { EventRead, TransitionRead } from "../api/types.ts";
import { Empty } from "../components/States.tsx";
import { dateTime } from "../format.ts";

export function Timeline({ transitions, events }: { transitions: TransitionRead[]; events: EventRead[] }) {
  const entries = [
    ...transitions.map((t) => ({ at: t.created_at, what: `${t.from_phase ?? "—"} → ${t.to_phase}`, who: t.trigger, why: t.reason })),
    ...events.map((e) => ({ at: e.created_at, what: e.kind.replaceAll("_", " "), who: e.actor, why: e.message })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry, index) => (
        <li key={index}>
          <time dateTime={entry.at}>{dateTime(entry.at)}</time> <strong>{entry.what}</strong> <span className="muted">by {entry.who}</span>
          {entry.why && <div className="small">{entry.why}</div>}
        </li>
      ))}
    </ol>
  );
}
