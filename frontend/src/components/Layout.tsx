// The frame around every signed-in view: navigation, who is signed in, whether updates are live.
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { useAuth } from "../auth/AuthContext.tsx";
import { useLiveStatus } from "../live/liveStatus.ts";

const LINKS = [
  { to: "/", label: "Overview", end: true },
  { to: "/catalog", label: "Catalog" },
  { to: "/builder", label: "Builder" },
  { to: "/pipelines", label: "Pipelines" },
  { to: "/experiments", label: "Experiments" },
  { to: "/simulations", label: "Simulations" },
  { to: "/settings", label: "Settings" },
];

export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useAuth();
  const live = useLiveStatus();
  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Phoenix</span>
        <nav aria-label="Main">
          {LINKS.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <span className={`live live-${live}`} title="Live updates">
          {live === "live" ? "● live" : live === "polling" ? "○ polling" : "… connecting"}
        </span>
        <span className="user" data-testid="signed-in-as">
          {user?.username} <span className="badge">{user?.role}</span>
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main className="content" id="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
