// KPI cards: one label, one figure each.
import type { ReactNode } from "react";

export interface Kpi {
  label: string;
  value: ReactNode;
  hint?: string;
}

export function KpiGrid({ kpis, label }: { kpis: Kpi[]; label: string }) {
  return (
    <dl className="kpis" aria-label={label}>
      {kpis.map((kpi) => (
        <div key={kpi.label} className="kpi" title={kpi.hint}>
          <dt>{kpi.label}</dt>
          <dd>{kpi.value}</dd>
        </div>
      ))}
    </dl>
  );
}
