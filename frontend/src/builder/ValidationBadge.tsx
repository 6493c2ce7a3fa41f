// The toolbar's summary of the server's validation of the graph.

export function ValidationBadge({ loading, errors, warnings }: { loading: boolean; errors?: number; warnings?: number }) {
  if (errors === undefined) return loading ? <span className="badge">validating…</span> : null;
  return (
    <span className={`badge ${errors > 0 ? "bad" : "ok"}`} role="status" data-testid="validation-badge">
      {loading ? "validating… " : ""}
      {errors} errors · {warnings} warnings
    </span>
  );
}
