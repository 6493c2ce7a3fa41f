// The control loop's jobs: when each ran, when it runs next, and its errors.
import { useQuery } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import type { ControlStatus } from "../api/types.ts";
import { QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";

interface JobStatus {
  last_run: string | null;
  next_run: string | null;
  runs: number;
  errors: number;
  last_error: string | null;
}

export function ControlLoopTable({ control }: { control: ReturnType<typeof useControlStatus> }) {
  return (
    <QueryView query={control} what="the control loop">
      {(status) => (
        <table className="table">
          <thead>
            <tr>
              <th>Job</th>
              <th>Last run</th>
              <th>Next run</th>
              <th>Runs</th>
              <th>Errors</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(status.scheduler.jobs as Record<string, JobStatus>).map(([name, job]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{dateTime(job.last_run)}</td>
                <td>{dateTime(job.next_run)}</td>
                <td>{job.runs}</td>
                <td>{job.errors}</td>
                <td>{job.last_error ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryView>
  );
}

export function useControlStatus(refetchInterval: number) {
  return useQuery({ queryKey: ["control-status"], queryFn: ({ signal }) => get<ControlStatus>("/control/status", signal), refetchInterval });
}
