import { describe, expect, it } from "vitest";
import { backoffDelay, createSseParser, parseChange, staleKeys, type SseMessage } from "./sse.ts";

function collect(chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const feed = createSseParser((m) => messages.push(m));
  chunks.forEach(feed);
  return messages;
}

describe("SSE parser", () => {
  it("parses messages split across chunks and skips comments", () => {
    const messages = collect([": keepalive\n\nevent: cha", 'nge\ndata: {"kind":"experiment",', '"id":"e1","action":"updated"}\n', "\n"]);
    expect(messages).toEqual([{ event: "change", data: '{"kind":"experiment","id":"e1","action":"updated"}', id: undefined }]);
  });

  it("joins multi-line data and accepts CRLF", () => {
    expect(collect(["data: a\r\ndata: b\r\n\r\n"])).toEqual([{ event: "message", data: "a\nb", id: undefined }]);
  });

  it("waits for the blank line that ends a message", () => {
    expect(collect(["event: change\ndata: {}\n"])).toEqual([]);
  });
});

describe("changes", () => {
  it("reads a change and the queries it makes stale", () => {
    const change = parseChange({ event: "change", data: '{"kind":"sample","id":"e1","action":"created"}' });
    expect(change).toEqual({ kind: "sample", id: "e1", action: "created" });
    expect(staleKeys(change!)).toEqual([["experiment"]]);
    expect(staleKeys({ kind: "experiment", id: "e1", action: "updated" })).toEqual([["experiments"], ["experiment", "e1"]]);
    expect(staleKeys({ kind: "simulation", id: null, action: "updated" })).toEqual([["simulations"]]);
  });

  it("ignores other events and broken data", () => {
    expect(parseChange({ event: "message", data: "{}" })).toBeNull();
    expect(parseChange({ event: "change", data: "not json" })).toBeNull();
  });

  it("backs off up to 30 s", () => {
    expect(backoffDelay(0)).toBe(1000);
    expect(backoffDelay(3)).toBe(8000);
    expect(backoffDelay(20)).toBe(30000);
  });
});
