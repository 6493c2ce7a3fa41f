// Pause, resume and roll back a deployment (operators), each confirmed; offered as its state allows.
import { useQueryClient } from "@tanstack/react-query";
import { post } from "../api/client.ts";
import type { DeploymentRead } from "../api/types.ts";
import { useCan } from "../auth/AuthContext.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";

export function DeploymentActions({ deployment }: { deployment: DeploymentRead }) {
  const canRun = useCan("operator");
  const queryClient = useQueryClient();
  if (!canRun) return null;
  const act = async (action: string) => {
    await post(`/deployments/${deployment.id}/${action}`, { reason: `${action} from the console` });
    await queryClient.invalidateQueries({ queryKey: ["deployments"] });
  };
  const allowed = deployment.allowed_transitions;
  return (
    <div className="row">
      {deployment.status === "active" && allowed.includes("suspended") && (
        <ConfirmButton label="Pause" title={`Pause ${deployment.name}?`} onConfirm={() => act("pause")}>
          The pipeline stops on its target until it is resumed.
        </ConfirmButton>
      )}
      {deployment.status === "suspended" && allowed.includes("active") && (
        <ConfirmButton label="Resume" title={`Resume ${deployment.name}?`} onConfirm={() => act("resume")}>
          The pipeline runs on its target again.
        </ConfirmButton>
      )}
      {deployment.status === "active" && deployment.source_experiment_id && (
        <ConfirmButton label="Roll back" danger title={`Roll back ${deployment.name}?`} onConfirm={() => act("rollback")}>
          The deployment it replaced gets the target back, and this one is removed.
        </ConfirmButton>
      )}
    </div>
  );
}
