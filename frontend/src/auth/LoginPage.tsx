// The sign-in form: username and password exchanged for a token pair.
import { useState, type FormEvent } from "react";
import { login } from "../api/client.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";

export function LoginPage() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card" data-testid="login-form" aria-labelledby="login-heading" onSubmit={submit}>
        <h1 id="login-heading">Sign in to Phoenix</h1>
        <p className="muted">Process-metrics pipelines for OpenTelemetry, proven before they ship.</p>
        <label className="field">
          Username
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorMessage error={error} title="Sign-in failed" />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted small">
          <a href="/docs">API documentation</a>
        </p>
      </form>
    </main>
  );
}
