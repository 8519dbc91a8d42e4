import { describe, expect, it } from "vitest";
import { fleetQuery } from "./fleet-input";
import { compareRisk, selectFleet, type RankedFleetFields } from "./fleet-ranking";

const row = (name: string, over: Partial<RankedFleetFields> = {}): RankedFleetFields => ({
  name,
  criticalAlerts: 0,
  rpo: "ok",
  measuredRpoSeconds: 30,
  rpoTargetSeconds: 60,
  archive: "ok",
  worstSeverity: null,
  lastGoodBackupAt: "2026-12-01T00:00:00Z",
  ...over,
});
const q = (raw: Record<string, string> = {}) => fleetQuery.parse(raw);

describe("most at risk first", () => {
  it("puts open critical alerts first, most first", () => {
    const rows = [
      row("a"),
      row("b", { criticalAlerts: 1, worstSeverity: "critical" }),
      row("c", { criticalAlerts: 2, worstSeverity: "critical" }),
    ];
    expect(selectFleet(rows, q()).rows.map((r) => r.name)).toEqual(["c", "b", "a"]);
  });

  it("then the recovery point furthest behind its target, nothing recoverable furthest", () => {
    const rows = [
      row("on-target"),
      row("behind-1h", { rpo: "behind", measuredRpoSeconds: 3660 }),
      row("none", { rpo: "none", measuredRpoSeconds: null }),
      row("behind-5m", { rpo: "behind", measuredRpoSeconds: 360 }),
    ];
    expect(selectFleet(rows, q()).rows.map((r) => r.name)).toEqual(["none", "behind-1h", "behind-5m", "on-target"]);
  });

  it("then the oldest last good backup, never backed up first, then the name", () => {
    const rows = [
      row("new", { lastGoodBackupAt: "2026-12-02T00:00:00Z" }),
      row("old", { lastGoodBackupAt: "2026-11-01T00:00:00Z" }),
      row("never-b", { lastGoodBackupAt: null }),
      row("never-a", { lastGoodBackupAt: null }),
    ];
    expect(selectFleet(rows, q()).rows.map((r) => r.name)).toEqual(["never-a", "never-b", "old", "new"]);
  });

  it("weighs a critical alert above any RPO and an RPO above any backup age", () => {
    const critical = row("critical", { criticalAlerts: 1, lastGoodBackupAt: "2026-12-02T00:00:00Z" });
    const behind = row("behind", { rpo: "behind", measuredRpoSeconds: 10_000, lastGoodBackupAt: "2026-12-02T00:00:00Z" });
    const stale = row("stale", { lastGoodBackupAt: null });
    expect(compareRisk(critical, behind)).toBeLessThan(0);
    expect(compareRisk(behind, stale)).toBeLessThan(0);
  });
});

describe("a page of the fleet", () => {
  const fleet = Array.from({ length: 120 }, (_, i) =>
    row(`db-${String(i).padStart(3, "0")}`, {
      worstSeverity: i % 10 === 0 ? "critical" : i % 5 === 0 ? "warning" : null,
      criticalAlerts: i % 10 === 0 ? 1 : 0,
      archive: i % 7 === 0 ? "failing" : "ok",
    }),
  );

  it("filters by part of the name, case-insensitively, and by alert and archive state", () => {
    expect(selectFleet(fleet, q({ name: "DB-11" })).rows.map((r) => r.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `db-11${i}`).sort((a, b) => Number(b === "db-110") - Number(a === "db-110")),
    );
    expect(selectFleet(fleet, q({ alert: "critical", perPage: "500" })).total).toBe(12);
    expect(selectFleet(fleet, q({ alert: "none", perPage: "500" })).rows.every((r) => r.worstSeverity === null)).toBe(true);
    expect(selectFleet(fleet, q({ archive: "failing" })).total).toBe(18);
  });

  it("pages: counts, the last page partial, a page past the end answered with the last", () => {
    const first = selectFleet(fleet, q({ perPage: "50", sort: "name" }));
    expect(first).toMatchObject({ total: 120, page: 1, pages: 3, perPage: 50 });
    expect(first.rows[0]!.name).toBe("db-000");
    const last = selectFleet(fleet, q({ perPage: "50", page: "3", sort: "name" }));
    expect(last.rows.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `db-${100 + i}`));
    expect(selectFleet(fleet, q({ perPage: "50", page: "9" })).page).toBe(3);
    expect(selectFleet(fleet, q({ name: "nothing-like-it" }))).toMatchObject({ rows: [], total: 0, pages: 1, page: 1 });
  });

  it("refuses a bad query with what to fix", () => {
    expect(fleetQuery.safeParse({ perPage: "5000" }).error?.issues[0]?.message).toMatch(/at most 500/);
    expect(fleetQuery.safeParse({ sort: "age" }).error?.issues[0]?.message).toMatch(/risk/);
    expect(fleetQuery.safeParse({ page: "0" }).error?.issues[0]?.message).toMatch(/starts at 1/);
    expect(fleetQuery.safeParse({ name: "  " }).error?.issues[0]?.message).toMatch(/at least one character/);
  });
});
