// The results shapes, with the maps the schema leaves open (`variants`, `kpis`) spelled out.
import type { components } from "../api/schema";

export type ExperimentResults = components["schemas"]["ExperimentResults"];
export type KpiSummary = components["schemas"]["KpiSummary"];
export type KpiSummaryMap = Record<string, KpiSummary | undefined>;
export type VariantResultsRead = Omit<components["schemas"]["VariantResults"], "kpis"> & { kpis: KpiSummaryMap };
