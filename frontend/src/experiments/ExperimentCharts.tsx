// Per-variant charts of the KPIs sampled during a run.
import { lazy, Suspense } from "react";
import type { SampleRead, TimeseriesRead } from "../api/types.ts";
import { Empty, Loading } from "../components/States.tsx";

const TimeseriesChart = lazy(() => import("../charts/TimeseriesChart.tsx"));

const CHARTS: { title: string; field: keyof SampleRead; percent?: boolean }[] = [
  { title: "Output series", field: "output_series" },
  { title: "Input processes", field: "input_processes" },
  { title: "Critical retention", field: "critical_retention", percent: true },
  { title: "Collector CPU (cores)", field: "collector_cpu_cores" },
];

export function ExperimentCharts({ timeseries }: { timeseries: TimeseriesRead }) {
  if (timeseries.baseline.length === 0 && timeseries.candidate.length === 0) return <Empty>No samples yet.</Empty>;
  return (
    <Suspense fallback={<Loading what="charts" />}>
      <div className="charts">
        {CHARTS.map((chart) => (
          <TimeseriesChart
            key={chart.field}
            title={chart.title}
            percent={chart.percent}
            series={(["baseline", "candidate"] as const).map((variant) => ({
              name: variant,
              points: timeseries[variant].map((sample) => [sample.taken_at, sample[chart.field] as number | null]),
            }))}
          />
        ))}
      </div>
    </Suspense>
  );
}
