// Open drift reports: what runs differs from what Phoenix applied, or measures unlike its experiment.
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router";
import type { DriftReportRead } from "../api/types.ts";
import { Empty, QueryView } from "../components/States.tsx";
import { dateTime, decimal } from "../format.ts";

export function DriftTable({ drift }: { drift: UseQueryResult<DriftReportRead[]> }) {
  return (
    <QueryView query={drift} what="drift reports">
      {(reports) =>
        reports.length === 0 ? (
          <Empty>No open drift: what runs is what Phoenix applied, and it measures as expected.</Empty>
        ) : (
          <table className="table" aria-label="Open drift reports">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Subject</th>
                <th>Score</th>
                <th>Recommended action</th>
                <th>Detected</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id}>
                  <td>{report.kind}</td>
                  <td>
                    {report.experiment_id ? <Link to={`/experiments/${report.experiment_id}`}>{report.subject}</Link> : report.subject}
                  </td>
                  <td>{decimal(report.score, 2)}</td>
                  <td>{report.recommended_action}</td>
                  <td>{dateTime(report.detected_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryView>
  );
}
