import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, draftToBody } from "./experimentDraft.ts";

describe("draftToBody", () => {
  it("sends only what the user set, so the server's defaults apply to the rest", () => {
    const body = draftToBody({ ...EMPTY_DRAFT, name: " topk ", baseline: { template: "a", parameters: {} }, candidate: { template: "b", parameters: { k: 5 } } });
    expect(body).toEqual({ name: "topk", description: "", baseline: { template: "a", parameters: {} }, candidate: { template: "b", parameters: { k: 5 } }, auto_promote: false });
  });

  it("reads durations, criteria, patterns, the node selector and the load profile", () => {
    const body = draftToBody({
      ...EMPTY_DRAFT,
      name: "x",
      baseline: { pipeline_id: "p1" },
      duration: "30m",
      warmup: "10",
      criteria: { min_cardinality_reduction: "0.6", max_cpu_overhead: "" },
      criticalProcesses: "^postgres$\n\n^nginx$",
      nodeSelector: "role=db",
      loadProfile: { enabled: true, profile: "realistic", processCount: "60", seed: "" },
    });
    expect(body.baseline).toEqual({ pipeline_id: "p1" });
    expect(body.duration).toBe("30m");
    expect(body.warmup).toBe(10);
    expect(body.success_criteria).toEqual({ min_cardinality_reduction: 0.6 });
    expect(body.critical_processes).toEqual(["^postgres$", "^nginx$"]);
    expect(body.target).toEqual({ node_selector: { role: "db" } });
    expect(body.load_profile).toEqual({ profile: "realistic", process_count: 60 });
  });
});
