import { describe, expect, it } from "vitest";
import { compareRowCounts, tableKey } from "./row-counts";

const t = (table: string, rows: number, database = "app") => ({ database, table, rows });
const activity = (entries: [string, number][]) => new Map(entries.map(([table, n]) => [tableKey("app", table), n]));

describe("compareRowCounts", () => {
  it("expects exact counts of tables production has not written since the target", () => {
    const out = compareRowCounts({
      production: [t("public.a", 10), t("public.b", 5)],
      restored: [t("public.a", 10), t("public.b", 4)],
      activityAtTarget: activity([
        ["public.a", 3],
        ["public.b", 7],
      ]),
      activityNow: activity([
        ["public.a", 3],
        ["public.b", 7],
      ]),
      tolerancePct: 50,
    });
    expect(out.ok).toBe(false);
    expect(out.rows).toEqual([
      { database: "app", table: "public.a", production: 10, restored: 10, difference: 0, expectation: "exact", ok: true, note: null },
      {
        database: "app",
        table: "public.b",
        production: 5,
        restored: 4,
        difference: -1,
        expectation: "exact",
        ok: false,
        note: "differs, and production has not written this table since the target",
      },
    ]);
  });

  it("allows a tolerance for tables written since the target, and none at 0%", () => {
    const input = {
      production: [t("public.hist", 1000)],
      restored: [t("public.hist", 990)],
      activityAtTarget: activity([["public.hist", 100]]),
      activityNow: activity([["public.hist", 110]]),
    };
    expect(compareRowCounts({ ...input, tolerancePct: 1 }).rows[0]).toMatchObject({ expectation: "tolerance", difference: -10, ok: true });
    expect(compareRowCounts({ ...input, tolerancePct: 0 }).rows[0]).toMatchObject({
      ok: false,
      note: "differs by more than 0% (written on production since the target)",
    });
  });

  it("accounts for tables created or dropped after the target, and flags tables that vanished otherwise", () => {
    const out = compareRowCounts({
      production: [t("public.new", 3), t("public.kept", 1)],
      restored: [t("public.old", 8), t("public.stray", 2)],
      activityAtTarget: activity([
        ["public.old", 1],
        ["public.kept", 1],
        ["public.stray", 0],
      ]),
      activityNow: activity([
        ["public.new", 3],
        ["public.kept", 1],
        ["public.stray", 0],
      ]),
      tolerancePct: 0,
    });
    expect(out.rows.map((r) => [r.table, r.ok, r.note])).toEqual([
      ["public.kept", false, "missing from the restored copy"],
      ["public.new", true, "created on production after the target"],
      ["public.old", true, "dropped on production after the target"],
      ["public.stray", false, "not on production"],
    ]);
  });

  it("keeps databases apart and refuses a tolerance outside 0–100", () => {
    const out = compareRowCounts({
      production: [t("public.a", 1, "one"), t("public.a", 2, "two")],
      restored: [t("public.a", 1, "one"), t("public.a", 2, "two")],
      activityAtTarget: new Map([
        [tableKey("one", "public.a"), 0],
        [tableKey("two", "public.a"), 0],
      ]),
      activityNow: new Map([
        [tableKey("one", "public.a"), 0],
        [tableKey("two", "public.a"), 0],
      ]),
      tolerancePct: 0,
    });
    expect(out).toMatchObject({ ok: true, rows: [{ database: "one" }, { database: "two" }] });
    expect(() =>
      compareRowCounts({ ...{ production: [], restored: [], activityAtTarget: new Map(), activityNow: new Map() }, tolerancePct: 101 }),
    ).toThrow(/0 to 100/);
  });
});
