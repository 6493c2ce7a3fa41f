// A Server-Sent Events parser for fetch streams (EventSource cannot send an Authorization header).

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Feeds text chunks in, calls `onMessage` for each complete message. Comment lines (`: keepalive`)
 * are ignored; a message ends at a blank line, as the SSE spec says; CRLF and CR are accepted.
 */
export function createSseParser(onMessage: (message: SseMessage) => void): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  const dispatch = () => {
    if (data.length > 0) onMessage({ event: event || "message", data: data.join("\n"), id });
    event = "";
    data = [];
    id = undefined;
  };

  const handleLine = (line: string) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  };

  return (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    // The last piece may be an unfinished line (or a lone CR before its LF): keep it for later.
    buffer = lines.pop() ?? "";
    if (buffer === "" && chunk.endsWith("\r")) buffer = "";
    lines.forEach(handleLine);
  };
}

export interface ChangeEvent {
  kind: string;
  id: string | null;
  action: string;
}

/** The `data` of an `event: change` message, or null when it is not one. */
export function parseChange(message: SseMessage): ChangeEvent | null {
  if (message.event !== "change") return null;
  try {
    const value = JSON.parse(message.data) as Partial<ChangeEvent>;
    if (typeof value.kind !== "string") return null;
    return { kind: value.kind, id: typeof value.id === "string" ? value.id : null, action: String(value.action ?? "") };
  } catch {
    return null;
  }
}

/** The query keys (prefixes) a change makes stale. */
export function staleKeys(change: ChangeEvent): unknown[][] {
  switch (change.kind) {
    case "experiment":
      return change.id ? [["experiments"], ["experiment", change.id]] : [["experiments"], ["experiment"]];
    case "sample":
    case "experiment_event":
      // The id is the row's, not its experiment's: refresh the experiment views that are open.
      return [["experiment"]];
    case "simulation":
      return [["simulations"]];
    case "deployment":
      return [["deployments"]];
    case "drift":
      return [["drift"], ["deployments"]];
    case "control_signal":
      return [["control-status"], ["experiment"], ["deployments"]];
    case "pipeline":
      return [["pipelines"]];
    default:
      return [[change.kind], [`${change.kind}s`]];
  }
}

/** Reconnect delay after `attempt` failures: 1 s doubling up to 30 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}
