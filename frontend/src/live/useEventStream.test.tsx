import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { setSession } from "../api/client.ts";
import { useLiveStatus } from "./liveStatus.ts";
import { useEventStream } from "./useEventStream.ts";

function Probe() {
  useEventStream(true);
  return <span>status: {useLiveStatus()}</span>;
}

function renderWith(client: QueryClient) {
  setSession({ accessToken: "a", refreshToken: "r" });
  return render(
    <QueryClientProvider client={client}>
      <Probe />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("useEventStream", () => {
  it("falls back to polling when the server has no stream", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("{}", { status: 404 })));
    const view = renderWith(new QueryClient());
    expect(await screen.findByText("status: polling")).toBeTruthy();
    view.unmount();
  });

  it("goes live and invalidates the queries a change names, with the bearer token", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: change\ndata: {"kind":"simulation","id":"s1","action":"updated"}\n\n'));
      },
    });
    const fetchMock = vi.fn(async () => new Response(stream, { status: 200, headers: { "Content-Type": "text/event-stream" } }));
    vi.stubGlobal("fetch", fetchMock);
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries");
    const view = renderWith(client);
    expect(await screen.findByText("status: live")).toBeTruthy();
    await vi.waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ["simulations"] }));
    const headers = new Headers((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
    expect(headers.get("Authorization")).toBe("Bearer a");
    view.unmount();
  });
});
