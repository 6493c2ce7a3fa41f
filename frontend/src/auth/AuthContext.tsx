// Who is signed in, and what their role allows. The role comes from GET /auth/me.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { get, getSession, logout, onSessionChange, type Session } from "../api/client.ts";
import type { Me, Role } from "../api/types.ts";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

interface Auth {
  session: Session | null;
  user: Me | undefined;
  loading: boolean;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSessionState] = useState<Session | null>(getSession);

  useEffect(
    () =>
      onSessionChange((next) => {
        setSessionState(next);
        if (!next) queryClient.clear();
      }),
    [queryClient],
  );

  const me = useQuery({
    queryKey: ["me", session?.accessToken ? "signed-in" : "signed-out"],
    queryFn: ({ signal }) => get<Me>("/auth/me", signal),
    enabled: session !== null,
    staleTime: 60_000,
  });

  const value: Auth = {
    session,
    user: me.data,
    loading: session !== null && me.isPending,
    signOut: logout,
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

/** True when the signed-in user's role is at least `role` (viewer < operator < admin). */
export function useCan(role: Role): boolean {
  const { user } = useAuth();
  return user !== undefined && RANK[user.role] >= RANK[role];
}

/** Renders its children only for users whose role is at least `role`. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  return useCan(role) ? <>{children}</> : null;
}
