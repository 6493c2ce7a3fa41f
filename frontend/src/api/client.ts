// The one way the console talks to the API: bearer token, one refresh on 401, the error envelope.
import type { TokenPair } from "./types.ts";

/** An error answered by the API in its `{"error": {"code", "message", "details"}}` envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const STORAGE_KEY = "phoenix.session";
let current: Session | null = loadSession();
const listeners = new Set<(session: Session | null) => void>();

function loadSession(): Session | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Partial<Session> | null;
    if (typeof parsed?.accessToken === "string" && typeof parsed.refreshToken === "string") {
      return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken };
    }
  } catch {
    // Storage unavailable or corrupt: behave as signed out.
  }
  return null;
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage unavailable: the session still lives in memory for this tab.
  }
  listeners.forEach((listener) => listener(session));
}

/** Called whenever the session changes (sign-in, refresh, sign-out, refresh refused). */
export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionFromTokens(tokens: TokenPair): Session {
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}

async function errorFrom(response: Response): Promise<ApiError> {
  let envelope: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    envelope = ((await response.json()) as { error?: typeof envelope })?.error;
  } catch {
    envelope = undefined;
  }
  const message =
    typeof envelope?.message === "string" && envelope.message
      ? envelope.message
      : `Request failed (HTTP ${response.status}).`;
  const code = typeof envelope?.code === "string" ? envelope.code : "http_error";
  return new ApiError(response.status, code, message, envelope?.details ?? null);
}

/** A fetch with the session's bearer token; on 401 it refreshes once and retries. */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (session: Session | null) => {
    const headers = new Headers(init.headers);
    if (session) headers.set("Authorization", `Bearer ${session.accessToken}`);
    return fetch(path, { ...init, headers });
  };
  const session = current;
  let response: Response;
  try {
    response = await send(session);
    if (response.status === 401 && session) {
      const renewed = await refreshSession(session);
      if (renewed) response = await send(renewed);
    }
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "Cannot reach the Phoenix server.");
  }
  return response;
}

// Concurrent 401s share one refresh, because a refresh token works only once.
let refreshing: Promise<Session | null> | null = null;

function refreshSession(expired: Session): Promise<Session | null> {
  if (current && current.accessToken !== expired.accessToken) return Promise.resolve(current);
  refreshing ??= fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ refresh_token: expired.refreshToken }),
  })
    .then(async (response) => {
      const renewed = response.ok ? sessionFromTokens((await response.json()) as TokenPair) : null;
      setSession(renewed);
      return renewed;
    })
    .catch(() => null)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Calls the API and returns its JSON body; throws ApiError on any non-2xx answer. */
export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await authorizedFetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>("GET", path, undefined, signal);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T>(path: string) => api<T>("DELETE", path);

export async function login(username: string, password: string): Promise<Session> {
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ username, password }),
  }).catch(() => {
    throw new ApiError(0, "network_error", "Cannot reach the Phoenix server.");
  });
  if (!response.ok) throw await errorFrom(response);
  const session = sessionFromTokens((await response.json()) as TokenPair);
  setSession(session);
  return session;
}

export async function logout(): Promise<void> {
  const session = current;
  if (session) {
    // Revoke both tokens; signing out locally must not wait on, nor fail with, the server.
    await api("POST", "/auth/logout", { refresh_token: session.refreshToken }).catch(() => undefined);
  }
  setSession(null);
}
