// Saved custom pipelines: open one in the builder, or delete it.
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { del } from "../api/client.ts";
import { useCustomPipelines } from "../api/queries.ts";
import { RequireRole } from "../auth/AuthContext.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { Empty, QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";

export function PipelinesPage() {
  const pipelines = useCustomPipelines();
  const queryClient = useQueryClient();
  return (
    <section>
      <div className="page-head">
        <h1>Custom pipelines</h1>
        <Link className="button primary" to="/builder">
          Open the builder
        </Link>
      </div>
      <QueryView query={pipelines} what="pipelines">
        {(list) =>
          list.length === 0 ? (
            <Empty>No saved pipelines. Build one in the builder and save it.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Version</th>
                  <th>Validation</th>
                  <th>By</th>
                  <th>Updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/builder/${p.id}`}>{p.name}</Link>
                      {p.description && <div className="small muted">{p.description}</div>}
                    </td>
                    <td>v{p.version}</td>
                    <td className={p.validation.valid ? "ok" : "bad"}>
                      {p.validation.valid ? "valid" : `${p.validation.errors.length} errors`}, {p.validation.warnings.length} warnings
                    </td>
                    <td>{p.created_by}</td>
                    <td>{dateTime(p.updated_at)}</td>
                    <td>
                      <RequireRole role="operator">
                        <ConfirmButton
                          label="Delete"
                          danger
                          title={`Delete ${p.name}?`}
                          onConfirm={async () => {
                            await del(`/pipelines/${p.id}`);
                            await queryClient.invalidateQueries({ queryKey: ["pipelines"] });
                          }}
                        >
                          All versions of {p.name} are deleted.
                        </ConfirmButton>
                      </RequireRole>
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
