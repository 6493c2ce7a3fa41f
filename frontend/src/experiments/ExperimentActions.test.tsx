import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { setSession } from "../api/client.ts";
import type { ExperimentRead, Role } from "../api/types.ts";
import { AuthProvider, RequireRole } from "../auth/AuthContext.tsx";
import { ExperimentActions } from "./ExperimentActions.tsx";

const EXPERIMENT = {
  id: "e1",
  name: "topk",
  phase: "completed",
  promoted_variant: null,
  allowed_transitions: [],
  duration_seconds: 60,
} as unknown as ExperimentRead;

function renderAs(role: Role, experiment: ExperimentRead = EXPERIMENT) {
  setSession({ accessToken: "a", refreshToken: "r" });
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify({ id: 1, username: "u", role, auth: "bearer" }), { status: 200 })),
  );
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <AuthProvider>
          <RequireRole role="viewer">
            <span>role known</span>
          </RequireRole>
          <ExperimentActions experiment={experiment} />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("ExperimentActions", () => {
  it("offers an operator to promote a completed experiment", async () => {
    renderAs("operator");
    expect(await screen.findByRole("button", { name: "Promote…" })).toBeTruthy();
  });

  it("shows a viewer no control at all", async () => {
    renderAs("viewer");
    // Once the role is known (the me query answered), nothing may be offered.
    await screen.findByText("role known");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("offers stop while running, not promote", async () => {
    renderAs("admin", { ...EXPERIMENT, phase: "running" } as ExperimentRead);
    expect(await screen.findByRole("button", { name: "Stop" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Promote…" })).toBeNull();
  });
});
