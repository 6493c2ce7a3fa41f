// All validation findings of the graph, with the tiers that ran.
import type { ValidationRead } from "../api/types.ts";

export function FindingsList({ validation, onSelect }: { validation: ValidationRead; onSelect: (path: string) => void }) {
  const issues = [...validation.errors, ...validation.warnings];
  return (
    <div data-testid="validation">
      <p className={validation.valid ? "ok" : "bad"} role="status">
        {validation.valid ? "Valid" : `${validation.errors.length} error(s)`}, {validation.warnings.length} warning(s) ·
        tiers: {validation.tiers_run.join(" → ")}
        {validation.collector ? ` · ${validation.collector}` : ""}
      </p>
      {issues.length > 0 && (
        <ul className="findings">
          {issues.map((issue, index) => (
            <li key={index} className={`finding-${issue.severity}`}>
              <button type="button" className="link" onClick={() => onSelect(issue.path)}>
                <code>{issue.path}</code>
              </button>{" "}
              <strong>{issue.severity}</strong> <code>{issue.code}</code>{" "}
              <span className="badge">{issue.refused_by === "collector" ? "collector error" : "Phoenix policy"}</span>
              {issue.line ? ` line ${issue.line}` : ""}: {issue.message}
              {issue.hint && <div className="muted small">{issue.hint}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
