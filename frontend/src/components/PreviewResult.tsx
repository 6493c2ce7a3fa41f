// What a what-if preview measured: KPIs, cost, and which series were dropped or merged.
import type { PreviewRead } from "../api/types.ts";
import { bytes, count, decimal, percent, usd } from "../format.ts";
import { KpiGrid } from "./KpiGrid.tsx";

export function PreviewResult({ preview }: { preview: PreviewRead }) {
  const { kpis, snapshot, series } = preview;
  return (
    <div className="preview" data-testid="preview-result">
      <p className="muted small">
        {snapshot.source} snapshot of {snapshot.host}: {count(snapshot.processes)} processes · measured by {preview.measured_by}
      </p>
      <KpiGrid
        label="Preview KPIs"
        kpis={[
          { label: "Input series", value: count(kpis.input_series) },
          { label: "Output series", value: count(kpis.output_series) },
          { label: "Reduction", value: percent(preview.cardinality_reduction), hint: preview.reduction_basis },
          { label: "Critical retention", value: percent(kpis.critical_retention) },
          { label: "Data points / min", value: count(kpis.output_data_points_per_minute) },
          { label: "Bytes / min", value: bytes(kpis.estimated_bytes_per_minute) },
          { label: "CPU fidelity error", value: decimal(kpis.cpu_fidelity_error) },
          { label: "Monthly cost", value: usd(preview.cost.monthly_usd) },
        ]}
      />
      {kpis.lost_critical_processes.length > 0 && (
        <p className="bad">Critical processes lost: {kpis.lost_critical_processes.map((p) => `${p.name} (${p.pid})`).join(", ")}</p>
      )}
      {[...preview.errors, ...preview.warnings].map((message) => (
        <p key={message} className="muted small">
          {message}
        </p>
      ))}
      <details>
        <summary>
          {count(series.dropped_count)} series dropped, {count(series.merged_count)} merged (samples)
        </summary>
        <ul className="small mono">
          {series.dropped.slice(0, 20).map((s, i) => (
            <li key={`d${i}`}>dropped {s.metric} {JSON.stringify(s.resource)}</li>
          ))}
          {series.merged.slice(0, 20).map((s, i) => (
            <li key={`m${i}`}>merged {s.metric} {JSON.stringify(s.resource)} → {JSON.stringify(s.group)}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
