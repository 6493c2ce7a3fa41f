// Minimal client for the Phoenix auth endpoints.

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export interface CurrentUser {
  username: string;
  role: string;
}

/** An error returned by the API in the `{"error": {"code", "message", "details"}}` envelope. */
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

const STORAGE_KEY = "phoenix.session";

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken === "string" && typeof parsed.refreshToken === "string") {
      return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken };
    }
  } catch {
    // Storage unavailable or corrupt: behave as signed out.
  }
  return null;
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage unavailable: the session still lives in memory.
  }
}

async function request<T>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers["Authorization"] = `Bearer ${options.token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, "network_error", "Cannot reach the Phoenix server.");
  }

  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }

  if (!response.ok) {
    const envelope = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    const message =
      typeof envelope?.message === "string" && envelope.message
        ? envelope.message
        : `Request failed (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}).`;
    const code = typeof envelope?.code === "string" ? envelope.code : "http_error";
    throw new ApiError(response.status, code, message, envelope?.details ?? null);
  }

  return payload as T;
}

export function login(username: string, password: string): Promise<TokenPair> {
  return request<TokenPair>("POST", "/api/v1/auth/login", { body: { username, password } });
}

export function me(token: string): Promise<CurrentUser> {
  return request<CurrentUser>("GET", "/api/v1/auth/me", { token });
}

export async function logout(token: string, refreshToken: string): Promise<void> {
  await request<unknown>("POST", "/api/v1/auth/logout", {
    token,
    body: { refresh_token: refreshToken },
  });
}
