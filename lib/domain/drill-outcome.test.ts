import { describe, expect, it } from "vitest";
import { readDrillChecks, readDrillRowCounts } from "@/lib/domain/drill-outcome";

const comparison = {
  database: "app",
  table: "public.t",
  production: 5,
  restored: 5,
  difference: 0,
  expectation: "exact",
  ok: true,
  note: null,
};

describe("drill outcome columns", () => {
  it("reads the checks and row counts a drill stores, and null before it stored them", () => {
    const checks = [{ name: "promoted", ok: true, detail: "the copy left recovery" }];
    expect(readDrillChecks({ id: "d-1", checks })).toEqual(checks);
    expect(readDrillRowCounts({ id: "d-1", rowCounts: [comparison] })).toEqual([comparison]);
    expect(readDrillChecks({ id: "d-1", checks: null })).toBeNull();
    expect(readDrillRowCounts({ id: "d-1", rowCounts: null })).toBeNull();
  });

  it("refuses checks of an older shape, naming the drill and the column", () => {
    const older = [{ check: "promoted", passed: true }];
    expect(() => readDrillChecks({ id: "d-7", checks: older })).toThrow(
      /catalog row drills d-7 has a checks column .*0\.name: .*0\.ok: .*0\.detail: /,
    );
  });

  it("refuses row counts without the expectation a comparison now records", () => {
    const { expectation: _, ...older } = comparison;
    expect(() => readDrillRowCounts({ id: "d-7", rowCounts: [older] })).toThrow(/drills d-7 has a row_counts column .*0\.expectation: /);
  });
});
