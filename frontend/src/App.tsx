import { useEffect, useState, type FormEvent } from "react";
import {
  ApiError,
  login,
  loadSession,
  logout,
  me,
  saveSession,
  type CurrentUser,
  type Session,
} from "./api.ts";

type State =
  | { kind: "restoring" }
  | { kind: "signed-out" }
  | { kind: "signed-in"; session: Session; user: CurrentUser };

function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong.";
}

export default function App() {
  const [state, setState] = useState<State>(() => (loadSession() ? { kind: "restoring" } : { kind: "signed-out" }));

  // Restore a session kept in sessionStorage (same tab, page reload).
  useEffect(() => {
    if (state.kind !== "restoring") return;
    const session = loadSession();
    if (!session) {
      setState({ kind: "signed-out" });
      return;
    }
    let cancelled = false;
    me(session.accessToken)
      .then((user) => {
        if (!cancelled) setState({ kind: "signed-in", session, user });
      })
      .catch(() => {
        saveSession(null);
        if (!cancelled) setState({ kind: "signed-out" });
      });
    return () => {
      cancelled = true;
    };
  }, [state.kind]);

  return (
    <div className="page">
      <header className="header">
        <h1>Phoenix</h1>
        <p className="tagline">Process-metrics pipelines for OpenTelemetry, proven before they ship.</p>
      </header>

      <main className="main">
        {state.kind === "restoring" && <p aria-live="polite">Restoring session…</p>}
        {state.kind === "signed-out" && (
          <LoginForm
            onSignedIn={(session, user) => {
              saveSession(session);
              setState({ kind: "signed-in", session, user });
            }}
          />
        )}
        {state.kind === "signed-in" && (
          <SignedIn
            session={state.session}
            user={state.user}
            onSignedOut={() => {
              saveSession(null);
              setState({ kind: "signed-out" });
            }}
          />
        )}
      </main>

      <footer className="footer">
        <a href="/docs">API documentation</a>
      </footer>
    </div>
  );
}

function LoginForm({ onSignedIn }: { onSignedIn: (session: Session, user: CurrentUser) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const tokens = await login(username.trim(), password);
      const session: Session = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
      const user = await me(session.accessToken);
      setPassword("");
      onSignedIn(session, user);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card"
      data-testid="login-form"
      aria-labelledby="login-heading"
      onSubmit={handleSubmit}
      noValidate
    >
      <h2 id="login-heading">Sign in</h2>

      <div className="field">
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          data-testid="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>

      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          data-testid="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>

      {error && (
        <div id="login-error" className="error" role="alert" data-testid="login-error">
          {error}
        </div>
      )}

      <button type="submit" data-testid="login-submit" disabled={busy || !username.trim() || !password}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

function SignedIn({
  session,
  user,
  onSignedOut,
}: {
  session: Session;
  user: CurrentUser;
  onSignedOut: () => void;
}) {
  const [busy, setBusy] = useState(false);

  async function handleSignOut() {
    setBusy(true);
    try {
      await logout(session.accessToken, session.refreshToken);
    } catch {
      // The local session is dropped regardless; an expired token cannot be revoked twice.
    } finally {
      setBusy(false);
      onSignedOut();
    }
  }

  return (
    <section className="card" aria-labelledby="signed-in-heading">
      <h2 id="signed-in-heading" className="visually-hidden">
        Session
      </h2>
      <p className="banner" role="status" data-testid="signed-in">
        Signed in as <strong>{user.username}</strong> ({user.role})
      </p>
      <button type="button" className="secondary" data-testid="sign-out" onClick={handleSignOut} disabled={busy}>
        {busy ? "Signing out…" : "Sign out"}
      </button>
    </section>
  );
}
