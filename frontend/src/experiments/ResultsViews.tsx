// The analysis of an experiment: verdict with its reasons, KPIs per variant, cost.
import type { ExperimentResults, KpiSummaryMap, VariantResultsRead } from "./resultsTypes.ts";
import { bytes, count, decimal, percent, usd } from "../format.ts";
import { KpiGrid } from "../components/KpiGrid.tsx";

const VARIANTS = ["baseline", "candidate"] as const;

export function Verdict({ results }: { results: ExperimentResults }) {
  const test = results.comparison.output_series_test;
  return (
    <section className={`verdict verdict-${results.verdict}`} aria-label="Verdict" data-testid="verdict">
      <h2>
        Verdict: <span data-testid="verdict-value">{results.verdict.replaceAll("_", " ")}</span>
        {!results.final && <span className="badge"> provisional</span>}
      </h2>
      <ul>
        {results.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p className="muted small">
        {results.method.test}: p = {test.p_value === null ? "—" : test.p_value.toPrecision(3)} (α {results.method.alpha}), t ={" "}
        {decimal(test.t_statistic, 2)}, df = {decimal(test.degrees_of_freedom, 1)}; samples {count(results.comparison.samples.baseline)} /{" "}
        {count(results.comparison.samples.candidate)} (minimum {results.method.min_samples}){test.note ? ` · ${test.note}` : ""}
      </p>
      <KpiGrid
        label="Comparison"
        kpis={[
          { label: "Cardinality reduction", value: percent(results.comparison.cardinality_reduction) },
          { label: "Candidate min critical retention", value: percent(results.comparison.candidate_min_critical_retention) },
          { label: "CPU overhead", value: percent(results.comparison.cpu_overhead) },
          { label: "Memory overhead", value: percent(results.comparison.memory_overhead) },
          { label: "Cost reduction", value: percent(results.comparison.cost_reduction) },
          { label: "Monthly savings", value: usd(results.comparison.monthly_savings_usd) },
        ]}
      />
    </section>
  );
}

const mean = (kpis: KpiSummaryMap, key: string) => kpis[key]?.mean ?? null;

export function VariantKpiCards({ results }: { results: ExperimentResults }) {
  return (
    <div className="side-by-side">
      {VARIANTS.map((variant) => {
        const data = results.variants[variant] as VariantResultsRead | undefined;
        if (!data) return null;
        const kpis = data.kpis;
        return (
          <section key={variant} aria-label={`${variant} KPIs`} className="card">
            <h3>
              {variant} <span className="muted small">({count(data.samples)} samples · {data.measured_by?.join(", ") || "—"})</span>
            </h3>
            <KpiGrid
              label={`${variant} KPIs`}
              kpis={[
                { label: "Input processes", value: count(mean(kpis, "input_processes")) },
                { label: "Output series", value: count(mean(kpis, "output_series")) },
                { label: "Data points / min", value: count(mean(kpis, "output_data_points_per_minute")) },
                { label: "Bytes / min", value: bytes(mean(kpis, "estimated_bytes_per_minute")) },
                { label: "Critical retention", value: percent(mean(kpis, "critical_retention")) },
                { label: "CPU fidelity error", value: decimal(mean(kpis, "cpu_fidelity_error")) },
                { label: "Collector CPU (cores)", value: decimal(mean(kpis, "collector_cpu_cores")) },
                { label: "Collector peak memory", value: bytes(mean(kpis, "collector_peak_memory_bytes")) },
              ]}
            />
          </section>
        );
      })}
    </div>
  );
}

export function CostTable({ results }: { results: ExperimentResults }) {
  const a = results.cost_assumptions;
  return (
    <section aria-label="Cost">
      <h2>Cost</h2>
      <table className="table">
        <thead>
          <tr>
            <th>Variant</th>
            <th>GB / hour</th>
            <th>M data points / hour</th>
            <th>Hourly</th>
            <th>Monthly</th>
          </tr>
        </thead>
        <tbody>
          {VARIANTS.map((variant) => {
            const cost = (results.variants[variant] as VariantResultsRead | undefined)?.cost;
            return cost ? (
              <tr key={variant}>
                <td>{variant}</td>
                <td>{decimal(cost.gb_per_hour, 4)}</td>
                <td>{decimal(cost.million_data_points_per_hour, 3)}</td>
                <td>{usd(cost.hourly_usd)}</td>
                <td>{usd(cost.monthly_usd)}</td>
              </tr>
            ) : null;
          })}
        </tbody>
      </table>
      <p className="muted small">
        Assumptions: {usd(a.usd_per_gb_ingested)} per GB ingested, {usd(a.usd_per_million_data_points)} per million data points, {a.hours_per_month} h per
        month, {a.hosts} host(s); bytes: {a.bytes}; volume: {a.volume}.
      </p>
    </section>
  );
}
