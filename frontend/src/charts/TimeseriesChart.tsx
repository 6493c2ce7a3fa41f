// Per-variant time series of one KPI (echarts, tree-shaken to a line chart; code-split).
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Series {
  name: string;
  points: [string, number | null][];
}

export default function TimeseriesChart({ title, series, percent }: { title: string; series: Series[]; percent?: boolean }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    chart.current = echarts.init(element.current, undefined, { renderer: "svg" });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "time", min: "dataMin", max: "dataMax", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", ...(percent ? { axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}) },
      // Points are shown while there are too few to draw a line (the first samples of a run).
      series: series.map((s) => ({ name: s.name, type: "line", showSymbol: s.points.length < 3, data: s.points })),
    });
  }, [series, percent]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={`${title} over time`} />
    </figure>
  );
}
