import { describe, expect, it } from "vitest";
import { readRestoreRowCounts } from "@/lib/domain/restore-outcome";

describe("restore row counts column", () => {
  it("reads the restored copy's row counts, and null before the copy was verified", () => {
    const counts = [{ database: "app", table: "public.t", rows: 12 }];
    expect(readRestoreRowCounts({ id: "r-1", rowCounts: counts })).toEqual(counts);
    expect(readRestoreRowCounts({ id: "r-1", rowCounts: null })).toBeNull();
  });

  it("refuses counts kept as an object per table, naming the restore", () => {
    expect(() => readRestoreRowCounts({ id: "r-9", rowCounts: { "public.t": 12 } })).toThrow(
      /catalog row restores r-9 has a row_counts column .*expected array/,
    );
  });
});
