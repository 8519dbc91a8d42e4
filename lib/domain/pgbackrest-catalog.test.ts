import { describe, expect, it } from "vitest";
import { archiveSpans, planCatalogSync } from "@/lib/domain/pgbackrest-catalog";
import type { PgBackRestSet } from "@/lib/domain/pgbackrest-info";

const set = (label: string, minute: number, parentLabel: string | null = null): PgBackRestSet => ({
  label,
  kind: parentLabel ? "incr" : "full",
  parentLabel,
  startedAt: new Date(Date.UTC(2026, 11, 2, 10, minute)),
  stoppedAt: new Date(Date.UTC(2026, 11, 2, 10, minute, 30)),
  startLsn: "0/3000028",
  stopLsn: "0/3000100",
  timeline: 1,
  walStart: { timeline: 1, segno: 3n },
  walStop: { timeline: 1, segno: 3n },
  databaseSizeBytes: 1n,
  storedSizeBytes: 1n,
  error: false,
});

describe("planCatalogSync", () => {
  it("records new sets parents first and removes vanished rows children first", () => {
    const sets = [set("F2_I", 5, "F2"), set("F2", 4)];
    const rows = [
      { id: "r-f1", label: "F1", startedAt: new Date(Date.UTC(2026, 11, 2, 10, 1)) },
      { id: "r-i1", label: "F1_I", startedAt: new Date(Date.UTC(2026, 11, 2, 10, 2)) },
      { id: "r-f2", label: "F2", startedAt: new Date(Date.UTC(2026, 11, 2, 10, 4)) },
    ];
    const plan = planCatalogSync(sets, rows);
    expect(plan.create.map((s) => s.label)).toEqual(["F2_I"]);
    expect(plan.remove).toEqual(["r-i1", "r-f1"]);
    expect(planCatalogSync(sets, []).create.map((s) => s.label)).toEqual(["F2", "F2_I"]);
  });

  it("changes nothing when the catalog already matches", () => {
    const sets = [set("F", 1)];
    expect(planCatalogSync(sets, [{ id: "r", label: "F", startedAt: sets[0]!.startedAt }])).toEqual({ create: [], remove: [] });
  });
});

describe("archiveSpans", () => {
  it("keeps each one-timeline range whole and leaves out one that crosses a timeline switch", () => {
    expect(
      archiveSpans([
        { min: { timeline: 1, segno: 3n }, max: { timeline: 1, segno: 9n } },
        { min: { timeline: 1, segno: 12n }, max: { timeline: 2, segno: 14n } },
      ]),
    ).toEqual([{ timeline: 1, fromSegno: 3n, toSegno: 9n }]);
  });
});
