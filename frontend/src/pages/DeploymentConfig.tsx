// The config a deployment runs and its status history, fetched when opened.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import type { components } from "../api/schema";
import { QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";

type DeploymentDetail = components["schemas"]["DeploymentDetail"];
type DeploymentTransition = components["schemas"]["DeploymentTransitionRead"];

export function DeploymentConfig({ deploymentId }: { deploymentId: string }) {
  const [open, setOpen] = useState(false);
  const detail = useQuery({
    queryKey: ["deployments", deploymentId, "detail"],
    queryFn: ({ signal }) => get<DeploymentDetail>(`/deployments/${deploymentId}`, signal),
    enabled: open,
  });
  const transitions = useQuery({
    queryKey: ["deployments", deploymentId, "transitions"],
    queryFn: ({ signal }) => get<DeploymentTransition[]>(`/deployments/${deploymentId}/transitions`, signal),
    enabled: open,
  });
  return (
    <details className="small" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>config and history</summary>
      {open && (
        <>
          <ul className="plain">
            {transitions.data?.map((t, i) => (
              <li key={i}>
                {dateTime(t.created_at)}: {t.from_status ?? "—"} → {t.to_status} by {t.trigger}
                {t.reason ? ` (${t.reason})` : ""}
              </li>
            ))}
          </ul>
          <QueryView query={detail} what="the deployment">
            {(d) => (
              <pre className="yaml" tabIndex={0}>
                {d.config_yaml}
              </pre>
            )}
          </QueryView>
        </>
      )}
    </details>
  );
}
