import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, get, getSession, setSession } from "./client.ts";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("api client", () => {
  it("refreshes an expired access token once and retries", async () => {
    setSession({ accessToken: "old", refreshToken: "r1" });
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/api/v1/auth/refresh") return json({ access_token: "new", refresh_token: "r2", expires_in: 900 });
      const auth = new Headers(init?.headers).get("Authorization");
      return auth === "Bearer new" ? json({ ok: true }) : json({ error: { code: "unauthorized", message: "expired" } }, 401);
    });
    vi.stubGlobal("fetch", fetchMock);
    await expect(get("/things")).resolves.toEqual({ ok: true });
    expect(getSession()).toEqual({ accessToken: "new", refreshToken: "r2" });
  });

  it("signs out when the refresh token is refused", async () => {
    setSession({ accessToken: "old", refreshToken: "r1" });
    vi.stubGlobal("fetch", vi.fn(async () => json({ error: { code: "unauthorized", message: "expired" } }, 401)));
    await expect(get("/things")).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(getSession()).toBeNull();
  });

  it("turns the error envelope into an ApiError", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json({ error: { code: "conflict", message: "version changed", details: [{ path: "version" }] } }, 409)));
    const error = (await get("/things").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message]).toEqual([409, "conflict", "version changed"]);
  });

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("failed"))));
    await expect(get("/things")).rejects.toMatchObject({ code: "network_error" });
  });
});
