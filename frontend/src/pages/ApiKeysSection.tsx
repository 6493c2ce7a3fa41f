// API keys (admins): the secret is shown once, on creation; revoke with confirmation.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { del, get, post } from "../api/client.ts";
import type { ApiKeyCreated, ApiKeyRead, Role } from "../api/types.ts";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Empty, QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";
import { ROLES } from "./roles.ts";

export function ApiKeys() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: ({ signal }) => get<ApiKeyRead[]>("/api-keys", signal) });
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const create = useMutation({
    mutationFn: () => post<ApiKeyCreated>("/api-keys", { name, role }),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  return (
    <section aria-label="API keys">
      <h2>API keys</h2>
      <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label className="field">
            Key name
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
      </form>
      <ErrorMessage error={create.error} title="Not created" />
      {create.data && (
        <div className="card highlight" role="status">
          <p>
            The key <strong>{create.data.name}</strong>, shown once — copy it now:
          </p>
          <code className="secret" data-testid="new-api-key">
            {create.data.key}
          </code>
        </div>
      )}
      <QueryView query={keys} what="API keys">
        {(list) =>
          list.length === 0 ? (
            <Empty>No API keys.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Prefix</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Revoked</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name}</td>
                    <td>
                      <code>{key.prefix}…</code>
                    </td>
                    <td>{key.role}</td>
                    <td>{dateTime(key.created_at)}</td>
                    <td>{dateTime(key.last_used_at)}</td>
                    <td>{dateTime(key.revoked_at)}</td>
                    <td>
                      {!key.revoked_at && (
                        <ConfirmButton
                          label="Revoke"
                          danger
                          title={`Revoke ${key.name}?`}
                          onConfirm={async () => {
                            await del(`/api-keys/${key.id}`);
                            await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
                          }}
                        >
                          Clients using this key lose access at once.
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
