import { describe, expect, it } from "vitest";
import { lineDiff } from "./lineDiff.ts";

describe("lineDiff", () => {
  it("marks changed lines as removed and added, the rest as same", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc")).toEqual([
      { op: "same", text: "a" },
      { op: "removed", text: "b" },
      { op: "added", text: "x" },
      { op: "same", text: "c" },
    ]);
  });

  it("handles appended lines", () => {
    expect(lineDiff("a", "a\nb").filter((l) => l.op === "added")).toEqual([{ op: "added", text: "b" }]);
  });
});
