import { describe, expect, it } from "vitest";
import { pinFindings } from "./findings.ts";
import type { BuilderNode } from "./graphModel.ts";
import type { IssueRead } from "../api/types.ts";

const issue = (path: string, severity = "error"): IssueRead => ({ tier: "schema", path, line: 1, message: "m", severity, refused_by: "collector", code: "schema.x", hint: "fix it" });
const node = (id: string, kind: BuilderNode["kind"]): BuilderNode => ({ id, kind, config: {}, position: { x: 0, y: 0 } });

describe("pinFindings", () => {
  it("pins a finding on the component its path names, with the field", () => {
    const pinned = pinFindings({ valid: false, errors: [issue("processors.filter/drop.error_mode")], warnings: [], tiers_run: [] }, [node("filter", "processor"), node("filter/drop", "processor")]);
    expect(pinned.byNode.get("filter/drop")?.[0]?.field).toBe("error_mode");
    expect(pinned.byNode.has("filter")).toBe(false);
  });

  it("keeps findings without a component apart", () => {
    const pinned = pinFindings({ valid: true, errors: [], warnings: [issue("service.pipelines.metrics", "warning")], tiers_run: [] }, [node("batch", "processor")]);
    expect(pinned.unpinned).toHaveLength(1);
  });

  it("pins a whole-component finding without a field", () => {
    const pinned = pinFindings({ valid: false, errors: [issue("exporters.debug")], warnings: [], tiers_run: [] }, [node("debug", "exporter")]);
    expect(pinned.byNode.get("debug")?.[0]?.field).toBeNull();
  });
});
