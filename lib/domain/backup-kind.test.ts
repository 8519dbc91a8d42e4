import { describe, expect, it } from "vitest";
import { kindsFor, parentChain, policyKindRefusal, type ChainLink } from "./backup-kind";

describe("backup kinds per engine", () => {
  it("offers full only on Wayback's engine and all three on pgBackRest", () => {
    expect(kindsFor("wayback")).toEqual(["full"]);
    expect(kindsFor("pgbackrest")).toEqual(["full", "diff", "incr"]);
  });
});

describe("a policy's differential and incremental schedules", () => {
  const weeklyFullDailyIncr = { backupDiffCron: null, backupIncrCron: "0 1 * * 1-6" };

  it("fit pgBackRest clusters", () => {
    expect(policyKindRefusal(weeklyFullDailyIncr, [{ name: "orders", engine: "pgbackrest" }])).toBeNull();
  });

  it("are refused for a Wayback-engine cluster, naming it", () => {
    const refusal = policyKindRefusal(weeklyFullDailyIncr, [
      { name: "orders", engine: "pgbackrest" },
      { name: "billing", engine: "wayback" },
    ]);
    expect(refusal).toMatch(/billing uses Wayback's own/);
    expect(refusal).not.toMatch(/orders/);
  });

  it("are not there to refuse in a policy of full backups only", () => {
    expect(policyKindRefusal({ backupDiffCron: null, backupIncrCron: null }, [{ name: "billing", engine: "wayback" }])).toBeNull();
  });
});

describe("a backup's parent chain", () => {
  const link = (id: string, kind: ChainLink["kind"], parentBackupId: string | null): ChainLink => ({
    id,
    label: `L-${id}`,
    kind,
    parentBackupId,
  });
  const full = link("f", "full", null);
  const diff = link("d", "diff", "f");
  const incr1 = link("i1", "incr", "d");
  const incr2 = link("i2", "incr", "i1");
  const byId = new Map([full, diff, incr1, incr2].map((b) => [b.id, b]));

  it("runs from the parent down to the full", () => {
    expect(parentChain(incr2, byId).map((b) => b.id)).toEqual(["i1", "d", "f"]);
  });

  it("is empty for a full", () => {
    expect(parentChain(full, byId)).toEqual([]);
  });

  it("ends where the catalog no longer holds a link, and never loops", () => {
    expect(parentChain(incr2, new Map([["i1", incr1]])).map((b) => b.id)).toEqual(["i1"]);
    const loop = new Map([
      ["a", link("a", "incr", "b")],
      ["b", link("b", "incr", "a")],
    ]);
    expect(parentChain(loop.get("a")!, loop).map((b) => b.id)).toEqual(["b"]);
  });
});
