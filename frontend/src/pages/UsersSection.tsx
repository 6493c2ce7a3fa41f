// Users (admins): add, change role, deactivate, delete.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { del, get, patch, post } from "../api/client.ts";
import type { Role, UserRead } from "../api/types.ts";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";
import { ROLES } from "./roles.ts";

export function Users() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: ({ signal }) => get<UserRead[]>("/users", signal) });
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["users"] });
  const create = useMutation({
    mutationFn: () => post<UserRead>("/users", { username, password, role }),
    onSuccess: () => {
      setUsername("");
      setPassword("");
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: number; change: Record<string, unknown> }) => patch<UserRead>(`/users/${id}`, change),
    onSuccess: () => void refresh(),
  });
  return (
    <section aria-label="Users">
      <h2>Users</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label className="field">
          Username
          <input required value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          Password
          <input required type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
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
          Add user
        </button>
      </form>
      <ErrorMessage error={create.error ?? update.error} />
      <QueryView query={users} what="users">
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th>Active</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>
                    <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => update.mutate({ id: u.id, change: { role: e.target.value } })}>
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>{u.is_active ? "yes" : "no"}</td>
                  <td>{dateTime(u.created_at)}</td>
                  <td>
                    <button type="button" onClick={() => update.mutate({ id: u.id, change: { is_active: !u.is_active } })}>
                      {u.is_active ? "Deactivate" : "Activate"}
                    </button>
                    <ConfirmButton
                      label="Delete"
                      danger
                      title={`Delete ${u.username}?`}
                      onConfirm={async () => {
                        await del(`/users/${u.id}`);
                        await refresh();
                      }}
                    >
                      The user and their tokens stop working.
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
