import { describe, expect, it } from "vitest";
import { keptCompleteIds, planRetention, repositoryExpiry, type RetentionBackup, type RetentionRules } from "./retention";

const RULES: RetentionRules = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: 0, minComplete: 1, timeZone: "UTC" };

let seq = 0;
function backup(stop: string, status: RetentionBackup["status"] = "complete"): RetentionBackup {
  seq += 1;
  const stopTime = new Date(stop);
  return {
    id: `b${String(seq).padStart(3, "0")}-${stop}`,
    status,
    startedAt: new Date(stopTime.getTime() - 60_000),
    stopTime: status === "complete" || status === "expiring" ? stopTime : null,
  };
}

/** One backup a day at 02:00 UTC from `first` to `last` inclusive. */
function daily(first: string, last: string): RetentionBackup[] {
  const out: RetentionBackup[] = [];
  for (let t = new Date(`${first}T02:00:00Z`); t <= new Date(`${last}T02:00:00Z`); t = new Date(t.getTime() + 86_400_000)) {
    out.push(backup(t.toISOString()));
  }
  return out;
}

function plan(backups: RetentionBackup[], now: string, rules: Partial<RetentionRules> = {}, inUse = new Map<string, string>()) {
  return planRetention({ backups, rules: { ...RULES, ...rules }, now: new Date(now), inUse });
}

const kept = (p: ReturnType<typeof plan>) => p.decisions.filter((d) => d.keep).map((d) => d.id);
const reasonsOf = (p: ReturnType<typeof plan>, id: string) => {
  const d = p.decisions.find((x) => x.id === id)!;
  return d.keep ? d.reasons : [d.reason];
};
const stopOf = (id: string) => id.slice(id.indexOf("-") + 1, id.indexOf("-") + 11);

describe("planRetention: grandfather-father-son", () => {
  it("keeps the newest backup of each of the last 7 days, 4 weeks and 12 months", () => {
    const backups = daily("2025-10-01", "2026-11-24");
    const p = plan(backups, "2026-11-24T12:00:00Z");
    expect(p.stopped).toBeNull();
    const keptDays = kept(p).map(stopOf);
    // Days: 18..24 Nov. Weeks (ISO, newest backup of each): W48 (24 Nov, Mon), W47 → Sun 22 Nov,
    // W46 → 15 Nov, W45 → 8 Nov. Months: Nov (24th), Oct 31, Sep 30, … Dec 2025 31st, and no
    // older backup exists than Oct 2025 (so months Nov 2025 … Oct 2025 are the last of those months).
    expect(keptDays).toEqual([
      "2026-11-24",
      "2026-11-23",
      "2026-11-22",
      "2026-11-21",
      "2026-11-20",
      "2026-11-19",
      "2026-11-18",
      "2026-11-15",
      "2026-11-08",
      "2026-10-31",
      "2026-09-30",
      "2026-08-31",
      "2026-07-31",
      "2026-06-30",
      "2026-05-31",
      "2026-04-30",
      "2026-03-31",
      "2026-02-28",
      "2026-01-31",
      "2025-12-31",
    ]);
    const newest = p.decisions[0]!;
    expect(newest.keep && newest.reasons).toEqual(["daily 2026-11-24", "weekly 2026-W48", "monthly 2026-11", "newest"]);
    const aug = p.decisions.find((d) => stopOf(d.id) === "2026-08-31")!;
    expect(aug.keep && aug.reasons).toEqual(["monthly 2026-08"]);
    const expired = p.decisions.find((d) => stopOf(d.id) === "2026-08-30")!;
    expect(expired).toEqual({ id: expired.id, keep: false, reason: "outside every retention period" });
  });

  it("keeps the last backup of February in a leap year (29th) as its monthly", () => {
    const p = plan(daily("2028-02-25", "2028-03-05"), "2028-03-05T12:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 2 });
    expect(kept(p).map(stopOf)).toEqual(["2028-03-05", "2028-02-29"]);
  });

  it("buckets by the policy's time zone, not UTC", () => {
    // 23:30 UTC on the 24th is the 25th in Berlin and the 24th in New York.
    const late = backup("2026-11-24T23:30:00Z");
    const early = backup("2026-11-24T20:00:00Z");
    const berlin = plan([late, early], "2026-11-25T08:00:00Z", { keepDaily: 2, keepWeekly: 0, keepMonthly: 0, timeZone: "Europe/Berlin" });
    expect(reasonsOf(berlin, late.id)).toEqual(["daily 2026-11-25", "newest"]);
    expect(reasonsOf(berlin, early.id)).toEqual(["daily 2026-11-24"]);
    const newYork = plan([late, early], "2026-11-25T08:00:00Z", {
      keepDaily: 2,
      keepWeekly: 0,
      keepMonthly: 0,
      timeZone: "America/New_York",
    });
    // Both are on the 24th in New York: only the newer one is that day's.
    expect(reasonsOf(newYork, late.id)).toEqual(["daily 2026-11-24", "newest"]);
    expect(reasonsOf(newYork, early.id)).toEqual(["outside every retention period"]);
  });

  it("counts days across a DST change as calendar days", () => {
    // Berlin springs forward on 29 March 2026: that day has 23 hours and is still one day.
    const backups = daily("2026-03-25", "2026-03-31");
    const p = plan(backups, "2026-03-31T10:00:00Z", { keepDaily: 3, keepWeekly: 0, keepMonthly: 0, timeZone: "Europe/Berlin" });
    expect(kept(p).map(stopOf)).toEqual(["2026-03-31", "2026-03-30", "2026-03-29"]);
  });

  it("keeps the newest backup of each year when asked", () => {
    const backups = [
      backup("2024-06-01T00:00:00Z"),
      backup("2024-12-30T00:00:00Z"),
      backup("2025-12-31T10:00:00Z"),
      backup("2026-11-24T01:00:00Z"),
    ];
    const p = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0, keepYearly: 3 });
    expect(kept(p).map(stopOf)).toEqual(["2026-11-24", "2025-12-31", "2024-12-30"]);
    expect(reasonsOf(p, backups[0]!.id)).toEqual(["outside every retention period"]);
  });

  it("takes several backups a day as one: the newest of the day is the daily", () => {
    const backups = [backup("2026-11-24T01:00:00Z"), backup("2026-11-24T13:00:00Z"), backup("2026-11-23T13:00:00Z")];
    const p = plan(backups, "2026-11-24T14:00:00Z", { keepDaily: 2, keepWeekly: 0, keepMonthly: 0 });
    expect(kept(p)).toEqual([backups[1]!.id, backups[2]!.id]);
  });
});

describe("planRetention: minimum count and the newest backup", () => {
  it("never undercuts the minimum of complete backups", () => {
    const backups = daily("2026-11-01", "2026-11-24");
    const p = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0, minComplete: 3 });
    expect(kept(p).map(stopOf)).toEqual(["2026-11-24", "2026-11-23", "2026-11-22"]);
    expect(reasonsOf(p, p.decisions[1]!.id)).toEqual(["minimum 3"]);
  });

  it("always keeps the newest complete backup, even with every count at zero", () => {
    const backups = daily("2026-11-20", "2026-11-24");
    const p = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0, minComplete: 1 });
    expect(kept(p).map(stopOf)).toEqual(["2026-11-24"]);
  });

  it("never expires the only complete backup", () => {
    const only = backup("2026-11-24T02:00:00Z");
    const p = plan([only], "2026-11-24T12:00:00Z", { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 });
    expect(p.decisions).toEqual([{ id: only.id, keep: true, reasons: ["newest"] }]);
  });

  it("keeps backups in use by a running restore or drill", () => {
    const backups = daily("2026-10-01", "2026-11-24");
    const old = backups[3]!;
    const p = plan(backups, "2026-11-24T12:00:00Z", {}, new Map([[old.id, "restore 1234"]]));
    expect(reasonsOf(p, old.id)).toEqual(["in use by restore 1234"]);
  });
});

describe("planRetention: failed, running and interrupted backups", () => {
  it("leaves running backups alone and counts only complete ones", () => {
    const running = backup("2026-11-24T11:00:00Z", "running");
    const complete = daily("2026-11-22", "2026-11-24");
    const p = plan([running, ...complete], "2026-11-24T12:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 });
    expect(reasonsOf(p, running.id)).toEqual(["running"]);
    expect(kept(p)).toEqual([running.id, complete[2]!.id]);
  });

  it("expires failed backups once a newer one completed", () => {
    const failed = backup("2026-11-23T05:00:00Z", "failed");
    const complete = daily("2026-11-22", "2026-11-24");
    const p = plan([failed, ...complete], "2026-11-24T12:00:00Z");
    expect(reasonsOf(p, failed.id)).toEqual(["failed, and a newer backup completed"]);
  });

  it("stops all expiry when the newest backup failed", () => {
    const complete = daily("2026-09-01", "2026-11-23");
    const failed = backup("2026-11-24T02:00:00Z", "failed");
    const p = plan([...complete, failed], "2026-11-24T12:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 });
    expect(p.stopped).toBe("The newest backup failed: nothing expires until a backup completes again.");
    expect(p.decisions.every((d) => d.keep)).toBe(true);
    expect(reasonsOf(p, complete[0]!.id)).toEqual(["retention stopped"]);
  });

  it("compares a failed backup's start with the other backups' starts when backups overlap", () => {
    // A long backup started at 10:00 and completed at 14:00; one started at 12:00 (while the long
    // one ran) and failed. The failure is the newest attempt: its start (12:00) must not be
    // weighed against the long backup's stop (14:00), or the safety stop is skipped and the
    // failure expired.
    const older = daily("2026-11-01", "2026-11-23");
    const long: RetentionBackup = {
      id: "long",
      status: "complete",
      startedAt: new Date("2026-11-24T10:00:00Z"),
      stopTime: new Date("2026-11-24T14:00:00Z"),
    };
    const failed: RetentionBackup = {
      id: "overlapping-failure",
      status: "failed",
      startedAt: new Date("2026-11-24T12:00:00Z"),
      stopTime: null,
    };
    const p = plan([...older, long, failed], "2026-11-24T15:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 });
    expect(p.stopped).toBe("The newest backup failed: nothing expires until a backup completes again.");
    expect(reasonsOf(p, failed.id)).toEqual(["retention stopped"]);
    expect(p.decisions.every((d) => d.keep)).toBe(true);
    // Once a backup that started after the failure completes, the failure expires and the plan applies.
    const next: RetentionBackup = {
      id: "next",
      status: "complete",
      startedAt: new Date("2026-11-24T13:00:00Z"),
      stopTime: new Date("2026-11-24T13:30:00Z"),
    };
    const resumed = plan([...older, long, failed, next], "2026-11-24T15:00:00Z", { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 });
    expect(resumed.stopped).toBeNull();
    expect(reasonsOf(resumed, failed.id)).toEqual(["failed, and a newer backup completed"]);
    expect(reasonsOf(resumed, long.id)).toEqual(["daily 2026-11-24", "newest"]);
  });

  it("stops all expiry when no backup completed within the shortest period", () => {
    const backups = daily("2026-09-01", "2026-11-20");
    const p = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 7 });
    expect(p.stopped).toBe("No backup has completed in the last day: nothing expires until one does.");
    expect(p.decisions.every((d) => d.keep)).toBe(true);
    // A weekly-only policy tolerates a week.
    const weekly = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 0, keepWeekly: 4, keepMonthly: 0 });
    expect(weekly.stopped).toBeNull();
  });

  it("finishes an interrupted expiry even while stopped", () => {
    const expiring = backup("2026-10-01T02:00:00Z", "expiring");
    const failed = backup("2026-11-24T02:00:00Z", "failed");
    const p = plan([expiring, ...daily("2026-11-01", "2026-11-23"), failed], "2026-11-24T12:00:00Z");
    expect(p.stopped).not.toBeNull();
    expect(p.decisions.find((d) => d.id === expiring.id)).toEqual({
      id: expiring.id,
      keep: false,
      reason: "expiry interrupted: finishing it",
    });
  });

  it("has nothing to do without backups", () => {
    expect(plan([], "2026-11-24T12:00:00Z")).toEqual({ decisions: [], stopped: null });
  });
});

describe("keptCompleteIds", () => {
  it("lists the kept backups a recovery can start from", () => {
    const running = backup("2026-11-24T11:00:00Z", "running");
    const complete = daily("2026-11-20", "2026-11-24");
    const backups = [running, ...complete];
    const p = plan(backups, "2026-11-24T12:00:00Z", { keepDaily: 2, keepWeekly: 0, keepMonthly: 0 });
    expect(keptCompleteIds(p, backups)).toEqual(new Set([complete[4]!.id, complete[3]!.id]));
  });
});

describe("repositoryExpiry", () => {
  it("removes only the copy when the repository letting it go is not where the backup lives", () => {
    expect(repositoryExpiry({ repositoryId: "offsite", home: "local", keptIn: [] })).toEqual({ kind: "remove-copy" });
    expect(repositoryExpiry({ repositoryId: "offsite", home: "local", keptIn: ["other"] })).toEqual({ kind: "remove-copy" });
  });

  it("hands a backup its home lets go over to the first repository that keeps a complete copy", () => {
    expect(repositoryExpiry({ repositoryId: "local", home: "local", keptIn: ["offsite", "tape"] })).toEqual({
      kind: "hand-over",
      to: "offsite",
    });
  });

  it("expires it everywhere when no other repository keeps it", () => {
    expect(repositoryExpiry({ repositoryId: "local", home: "local", keptIn: [] })).toEqual({ kind: "expire" });
    expect(repositoryExpiry({ repositoryId: "local", home: "local", keptIn: ["local"] })).toEqual({ kind: "expire" });
  });
});

describe("planRetention: differential and incremental chains", () => {
  /** Daily backups from 1 to `days` Nov at 02:00, a full on each day in `fulls`, else `kind` against the previous day's or the last full. */
  function chain(days: number, fulls: number[], kind: "incr" | "diff"): RetentionBackup[] {
    const out: RetentionBackup[] = [];
    let full: RetentionBackup | undefined;
    for (let day = 1; day <= days; day++) {
      const b = backup(`2026-11-${String(day).padStart(2, "0")}T02:00:00Z`);
      if (fulls.includes(day)) full = b;
      else b.parentId = kind === "incr" ? out.at(-1)!.id : full!.id;
      out.push(b);
    }
    return out;
  }
  const rules = { keepDaily: 3, keepWeekly: 0, keepMonthly: 0, keepYearly: 0 };

  it("keeps every incremental back to the full that a kept incremental needs, and nothing older", () => {
    const backups = chain(14, [1, 8], "incr");
    const p = plan(backups, "2026-11-14T12:00:00Z", rules);
    expect(kept(p).map(stopOf)).toEqual(["2026-11-14", "2026-11-13", "2026-11-12", "2026-11-11", "2026-11-10", "2026-11-09", "2026-11-08"]);
    expect(reasonsOf(p, backups[7]!.id)).toEqual([`parent of ${backups[8]!.id}`]);
    expect(reasonsOf(p, backups[6]!.id)).toEqual(["outside every retention period"]);
  });

  it("keeps a kept differential's full but not the differentials between them", () => {
    const backups = chain(14, [1, 8], "diff");
    const p = plan(backups, "2026-11-14T12:00:00Z", rules);
    expect(kept(p).map(stopOf)).toEqual(["2026-11-14", "2026-11-13", "2026-11-12", "2026-11-08"]);
    expect(reasonsOf(p, backups[7]!.id)).toEqual(expect.arrayContaining([`parent of ${backups[13]!.id}`]));
  });

  it("keeps the parent of a running incremental", () => {
    const backups = chain(3, [1], "incr");
    const running = { ...backup("2026-11-04T02:00:00Z", "running"), parentId: backups[2]!.id };
    const p = plan([...backups, running], "2026-11-04T12:00:00Z", { ...rules, keepDaily: 1 });
    expect(reasonsOf(p, backups[2]!.id)).toEqual(["newest", `parent of ${running.id}`]);
    expect(kept(p).map(stopOf)).toContain("2026-11-01");
  });

  it("lets a whole chain go when nothing in it is kept", () => {
    const backups = chain(14, [1, 8], "incr");
    const p = plan(backups, "2026-11-14T12:00:00Z", rules);
    expect(backups.slice(0, 7).every((b) => !kept(p).includes(b.id))).toBe(true);
  });
});
