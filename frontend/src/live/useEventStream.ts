// Consumes GET /api/v1/events/stream and invalidates the queries each change makes stale.
// Without the stream (404, network error) the console polls instead, and retries with backoff.
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { authorizedFetch } from "../api/client.ts";
import { backoffDelay, createSseParser, parseChange, staleKeys } from "./sse.ts";
import { setLiveStatus } from "./liveStatus.ts";

export function useEventStream(enabled: boolean): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let attempt = 0;
    let connectedBefore = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const connect = async () => {
      try {
        const response = await authorizedFetch("/api/v1/events/stream", {
          headers: { Accept: "text/event-stream" },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        setLiveStatus("live");
        attempt = 0;
        // Whatever changed while we were not listening is stale now.
        if (connectedBefore) void queryClient.invalidateQueries();
        connectedBefore = true;
        const parse = createSseParser((message) => {
          // `resync`: the server dropped changes for us; read everything again.
          if (message.event === "resync") return void queryClient.invalidateQueries();
          const change = parseChange(message);
          if (change) staleKeys(change).forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      if (abort.signal.aborted) return;
      setLiveStatus("polling");
      timer = setTimeout(connect, backoffDelay(attempt++));
    };

    void connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
      setLiveStatus("connecting");
    };
  }, [enabled, queryClient]);
}
