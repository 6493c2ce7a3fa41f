// Settings: who is signed in; for admins, API keys (shown once on creation) and users.
import { useAuth, useCan } from "../auth/AuthContext.tsx";
import { ApiKeys } from "./ApiKeysSection.tsx";
import { Users } from "./UsersSection.tsx";

export function SettingsPage() {
  const { user } = useAuth();
  const isAdmin = useCan("admin");
  return (
    <section>
      <h1>Settings</h1>
      <p>
        Signed in as <strong>{user?.username}</strong> ({user?.role}, {user?.auth}).
      </p>
      {isAdmin ? (
        <>
          <ApiKeys />
          <Users />
        </>
      ) : (
        <p className="muted">API keys and users are managed by an admin.</p>
      )}
    </section>
  );
}
