import { describe, expect, it } from "vitest";
import { recoveryPicture, type RecoveryPicture, type SegmentInfo } from "@/lib/domain/recoverable-window";
import { planRestore } from "@/lib/domain/restore-plan";
import type { PlanBackup, PlanRestoreInput, PlanRestorePoint, RestorePlan, RestorePlanError } from "@/lib/domain/restore-plan-types";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { xidOf } from "@/lib/domain/restore-target-xid";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { segmentName } from "@/lib/domain/wal-segment";

const MiB = 1024 * 1024;
const SEG = 16 * MiB;
const at = (segno: number, offset = 0) => BigInt(segno) * BigInt(SEG) + BigInt(offset);
const minute = (m: number) => new Date(Date.UTC(2026, 10, 24, 14, m));
const isoMin = (m: number) => minute(m).toISOString().replace(".000Z", "Z");
const NOW = minute(200);

/** Segments first..last; the last commit in segment n is at minute 5n. */
function wal(timeline: number, first: number, last: number): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  for (let n = first; n <= last; n++) {
    out.push({ timeline, segno: BigInt(n), firstCommitAt: minute(5 * n - 4), lastCommitAt: minute(5 * n) });
  }
  return out;
}

function backup(id: string, startSeg: number, stopSeg: number, stopMinute: number, over: Partial<PlanBackup> = {}): PlanBackup {
  return {
    id,
    status: "complete",
    timeline: 1,
    startLsn: at(startSeg, 0x28),
    stopLsn: at(stopSeg, 0x100),
    stopTime: minute(stopMinute),
    storedBytes: 1_000_000,
    databaseBytes: 3_000_000,
    ...over,
  };
}

function pictureOf(backups: PlanBackup[], segments: SegmentInfo[], histories: TimelineHistory[] = []): RecoveryPicture {
  return recoveryPicture({ backups, segments, histories, segmentSize: SEG });
}

/**
 * Timeline 1: WAL 1..10, a gap at 11..12, WAL 13..20.
 * b1 ends at minute 16, b2 at minute 36 (both in the first window, 16..50), b3 at minute 76
 * (second window, 76..100). bad's WAL is missing, failed never completed.
 */
const b1 = backup("b1", 2, 3, 16);
const b2 = backup("b2", 6, 7, 36);
const b3 = backup("b3", 14, 15, 76);
const failed = backup("failed", 8, 8, 42, { status: "failed" });
const bad = backup("bad", 0, 0, 1);
const gapBackups = [bad, b1, b2, failed, b3];
const gapSegments = [...wal(1, 1, 10), ...wal(1, 13, 20)];
const gapPicture = pictureOf(gapBackups, gapSegments);
const SEG_0B = segmentName(1, 11n, SEG);

const points: PlanRestorePoint[] = [
  { name: "before-migration", lsn: at(8, 0x200), timeline: 1, createdAt: minute(38) },
  { name: "nightly", lsn: at(5), timeline: 1, createdAt: minute(22) },
];

function plan(target: RestoreTarget, over: Partial<PlanRestoreInput> = {}) {
  return planRestore({
    target,
    picture: gapPicture,
    backups: gapBackups,
    restorePoints: points,
    now: NOW,
    segmentSize: SEG,
    ...over,
  });
}

function okPlan(result: ReturnType<typeof planRestore>): RestorePlan {
  if (!result.ok) throw new Error(`expected a plan, got ${result.error.code}: ${result.error.message}`);
  return result.plan;
}

function failure(result: ReturnType<typeof planRestore>): RestorePlanError {
  if (result.ok) throw new Error(`expected an error, got a plan from ${result.plan.backupId}`);
  return result.error;
}

const time = (m: number, inclusive = true): RestoreTarget => ({ kind: "time", time: isoMin(m), inclusive });
const lsn = (value: bigint, inclusive = true): RestoreTarget => ({
  kind: "lsn",
  lsn: `${(value >> 32n).toString(16)}/${(value & 0xffffffffn).toString(16)}`,
  inclusive,
});
const moment = (m: number, l: bigint) => ({ time: minute(m), lsn: l });

describe("the fixture", () => {
  it("has two windows around a gap, and two unusable backups", () => {
    expect(gapPicture.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(11), time: minute(50) } },
      { timeline: 1, fromBackupId: "b3", from: { lsn: at(15, 0x100), time: minute(76) }, to: { lsn: at(21), time: minute(100) } },
    ]);
    expect(gapPicture.unusableBackups.map((u) => u.id)).toEqual(["bad", "failed"]);
  });
});

describe("planRestore: time targets", () => {
  it("picks the newest complete backup that ended before the target", () => {
    const p = okPlan(plan(time(40)));
    expect(p).toEqual({
      backupId: "b2",
      reason: "newest complete backup that ends before the target: up to 67.1 MB of WAL to replay",
      timeline: 1,
      targetLsn: at(11),
      walBytesToReplay: at(11) - at(7, 0x100),
      recovery: { target: "time", value: "2026-11-24T14:40:00Z", inclusive: true },
    });
  });

  it("skips failed backups even when they are newer", () => {
    expect(okPlan(plan(time(45))).backupId).toBe("b2");
  });

  it("uses the older backup when the newer one ended after the target", () => {
    expect(okPlan(plan(time(30))).backupId).toBe("b1");
  });

  it("accepts both window edges", () => {
    const start = okPlan(plan(time(16)));
    expect(start.backupId).toBe("b1");
    const end = okPlan(plan(time(50)));
    expect(end.backupId).toBe("b2");
    expect(end.targetLsn).toBe(at(11));
  });

  it("accepts the edges of the second window, after the gap", () => {
    expect(okPlan(plan(time(76))).backupId).toBe("b3");
    const p = okPlan(plan(time(90)));
    expect(p.backupId).toBe("b3");
    expect(p.targetLsn).toBe(at(21));
    expect(p.walBytesToReplay).toBe(at(21) - at(15, 0x100));
  });

  it("bounds the target LSN with the segment holding the first commit after the target", () => {
    // Segment n's last commit is at minute 5n: minute 40 is segment 8's; 9 holds the first later one.
    expect(okPlan(plan(time(40), { segments: gapSegments })).targetLsn).toBe(at(10));
    // Not inclusive: recovery stops before the commit at minute 40, inside segment 8.
    expect(okPlan(plan(time(40, false), { segments: gapSegments })).targetLsn).toBe(at(9));
    // No commit after the target in the window: its end.
    expect(okPlan(plan(time(50), { segments: gapSegments })).targetLsn).toBe(at(11));
  });

  it("never puts the bound before the backup's end", () => {
    // Minute 36 is b2's end; segment 7's last commit (minute 35) is before, segment 8 (40) after.
    const p = okPlan(plan(time(36), { segments: gapSegments }));
    expect(p.backupId).toBe("b2");
    expect(p.targetLsn).toBe(at(9));
    const early = okPlan(plan(time(16), { segments: [{ timeline: 1, segno: 3n, firstCommitAt: null, lastCommitAt: minute(20) }] }));
    expect(early.targetLsn).toBe(at(4));
  });

  it("keeps the target's offset-free UTC value with its full precision for recovery_target_time", () => {
    const p = okPlan(plan({ kind: "time", time: "2026-11-24T16:40:00.123456+02:00", inclusive: false }));
    expect(p.recovery).toEqual({ target: "time", value: "2026-11-24T14:40:00.123456Z", inclusive: false });
  });

  it("in_gap: between two windows with missing WAL, naming the segment and the nearest moments", () => {
    const e = failure(plan(time(60)));
    expect(e.code).toBe("in_gap");
    expect(e.nearest).toEqual({ before: moment(50, at(11)), after: moment(76, at(15, 0x100)) });
    expect(e.message).toBe(
      `2026-11-24T15:00:00Z is in a WAL gap (${SEG_0B} and 1 more segment are missing): the nearest recoverable moments are ` +
        "2026-11-24T14:50:00Z and 2026-11-24T15:16:00Z. Choose one of them, or put the missing WAL back into the archive.",
    );
  });

  it("in_gap: past the last window when WAL resumes after a gap but no backup follows it", () => {
    const picture = pictureOf([b1], gapSegments);
    const e = failure(plan(time(90), { picture, backups: [b1] }));
    expect(e.code).toBe("in_gap");
    expect(e.nearest).toEqual({ before: moment(50, at(11)), after: null });
    expect(e.message).toContain(`${SEG_0B} and 1 more segment are missing`);
    expect(e.message).toContain("replay stops at 2026-11-24T14:50:00Z");
  });

  it("in_gap names a single missing segment", () => {
    const picture = pictureOf([b1, b3], [...wal(1, 1, 10), ...wal(1, 12, 20)]);
    const e = failure(plan(time(60), { picture, backups: [b1, b3] }));
    expect(e.message).toContain(`(${SEG_0B} is missing)`);
  });

  it("before_first_backup: before the oldest usable backup's end, mentioning unusable older backups", () => {
    const e = failure(plan(time(10)));
    expect(e.code).toBe("before_first_backup");
    expect(e.nearest).toEqual({ before: null, after: moment(16, at(3, 0x100)) });
    expect(e.message).toContain("before the oldest recoverable moment, 2026-11-24T14:16:00Z, the end of the oldest usable backup (b1)");
    expect(e.message).toContain(`Backup bad ended earlier but cannot be used: WAL segment ${segmentName(1, 0n, SEG)} is missing.`);
  });

  it("before_first_backup without unusable backups says only what to choose", () => {
    const picture = pictureOf([b1], gapSegments);
    const e = failure(plan(time(10), { picture, backups: [b1] }));
    expect(e.message).toBe(
      "2026-11-24T14:10:00Z is before the oldest recoverable moment, 2026-11-24T14:16:00Z, the end of the oldest usable backup (b1). Choose 2026-11-24T14:16:00Z or later.",
    );
  });

  it("outside_window: after the latest recoverable moment but not in the future", () => {
    const e = failure(plan(time(150)));
    expect(e.code).toBe("outside_window");
    expect(e.nearest).toEqual({ before: moment(100, at(21)), after: null });
    expect(e.message).toContain("after the latest recoverable moment, 2026-11-24T15:40:00Z");
    expect(e.message).toContain("wait until archiving catches up");
  });

  it("outside_window: between windows with no WAL gap between them", () => {
    const picture: RecoveryPicture = {
      windows: [
        { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(11), time: minute(50) } },
        { timeline: 2, fromBackupId: "b3", from: { lsn: at(15, 0x100), time: minute(76) }, to: { lsn: at(21), time: minute(100) } },
      ],
      latestRecoverableTime: minute(100),
      gaps: [],
      unusableBackups: [],
    };
    const e = failure(plan(time(60), { picture, backups: [b1, { ...b3, timeline: 2 }] }));
    expect(e.code).toBe("outside_window");
    expect(e.nearest).toEqual({ before: moment(50, at(11)), after: moment(76, at(15, 0x100)) });
    expect(e.message).toContain("nearest recoverable moments are 2026-11-24T14:50:00Z and 2026-11-24T15:16:00Z");
  });

  it("in_future: later than now, with the latest recoverable moment", () => {
    const e = failure(plan(time(201)));
    expect(e.code).toBe("in_future");
    expect(e.nearest).toEqual({ before: moment(100, at(21)), after: null });
    expect(e.message).toContain("is in the future (it is now 2026-11-24T17:20:00Z): the latest recoverable moment is 2026-11-24T15:40:00Z");
    // Exactly now is not in the future (and here past the archived WAL).
    expect(failure(plan(time(200))).code).toBe("outside_window");
  });

  it("in_future even with nothing recoverable", () => {
    const e = failure(plan(time(300), { picture: pictureOf([], []), backups: [] }));
    expect(e).toMatchObject({ code: "in_future", nearest: { before: null, after: null } });
  });

  it("no_window: nothing recoverable, naming why the backups cannot be used", () => {
    const picture = pictureOf([bad], []);
    const e = failure(plan(time(40), { picture, backups: [bad] }));
    expect(e.code).toBe("no_window");
    expect(e.nearest).toEqual({ before: null, after: null });
    expect(e.message).toContain("Nothing can be restored yet");
    expect(e.message).toContain(`Backup bad cannot be used: WAL segment ${segmentName(1, 0n, SEG)} is missing.`);
    const none = failure(plan(time(40), { picture: pictureOf([], []), backups: [] }));
    expect(none.message).toBe(
      "Nothing can be restored yet: no complete backup has the WAL it needs. Take a backup and check that WAL archiving works.",
    );
    const two = failure(plan(time(40), { picture: pictureOf([bad, failed], []), backups: [bad, failed] }));
    expect(two.message).toContain("(and 1 more)");
  });

  it("works with the window's oldest backup missing from the backup list", () => {
    expect(okPlan(plan(time(40), { backups: [] })).backupId).toBe("b1");
  });
});

describe("planRestore: chosen backup", () => {
  it("uses the chosen backup when it ended before the target", () => {
    const p = okPlan(plan(time(40), { chosenBackupId: "b1" }));
    expect(p.backupId).toBe("b1");
    expect(p.reason).toBe("chosen by you: up to 134 MB of WAL to replay");
    expect(p.walBytesToReplay).toBe(at(11) - at(3, 0x100));
  });

  it("backup_after_target: the chosen backup ended after the target", () => {
    const e = failure(plan(time(30), { chosenBackupId: "b2" }));
    expect(e.code).toBe("backup_after_target");
    expect(e.nearest).toEqual({ before: moment(16, at(3, 0x100)), after: moment(50, at(11)) });
    expect(e.message).toContain("Backup b2 ended at 2026-11-24T14:36:00Z, after 2026-11-24T14:30:00Z");
    expect(failure(plan(time(40), { chosenBackupId: "b3" })).code).toBe("backup_after_target");
  });

  it("backup_unusable: unknown, incomplete, missing WAL", () => {
    const unknown = failure(plan(time(40), { chosenBackupId: "nope" }));
    expect(unknown).toMatchObject({
      code: "backup_unusable",
      message: expect.stringContaining("There is no backup nope in this cluster."),
    });
    const incomplete = failure(plan(time(45), { chosenBackupId: "failed" }));
    expect(incomplete.code).toBe("backup_unusable");
    expect(incomplete.message).toContain("Backup failed is not complete (status: failed).");
    const missing = failure(plan(time(40), { chosenBackupId: "bad" }));
    expect(missing.code).toBe("backup_unusable");
    expect(missing.message).toContain(`Backup bad cannot be restored: WAL segment ${segmentName(1, 0n, SEG)} is missing.`);
    expect(missing.nearest).toEqual({ before: moment(16, at(3, 0x100)), after: moment(50, at(11)) });
  });

  it("backup_unusable: replay from the chosen backup stops at a gap before the target", () => {
    const e = failure(plan(time(90), { chosenBackupId: "b2" }));
    expect(e.code).toBe("backup_unusable");
    expect(e.message).toBe(
      `Replay from backup b2 stops at 2026-11-24T14:50:00Z where ${SEG_0B} and 1 more segment are missing, before 2026-11-24T15:30:00Z. ` +
        "Choose a backup that ended after 2026-11-24T14:50:00Z, or let Wayback pick one.",
    );
  });

  it("backup_unusable: a complete backup in no window", () => {
    const picture: RecoveryPicture = { ...gapPicture, unusableBackups: [] };
    const e = failure(plan(time(40), { picture, chosenBackupId: "bad" }));
    expect(e.code).toBe("backup_unusable");
    expect(e.message).toContain("no recoverable window holds its end");
  });
});

/**
 * Timeline 2 branched from 1 at segment 9. Timeline 1 went on to segment 10 (the old primary);
 * timeline 2 has 9..14. b1 (timeline 1, ends minute 16) serves both; late1 (timeline 1, after the
 * switch) only timeline 1; t2 (timeline 2, ends minute 62) only timeline 2.
 */
const history2 = parseTimelineHistory(2, "1\t0/9000000\tno recovery target specified\n");
const late1 = backup("late1", 9, 10, 48);
const t2 = backup("t2", 11, 12, 62, { timeline: 2 });
const forkBackups = [b1, late1, t2];
const forkPicture = pictureOf(forkBackups, [...wal(1, 1, 10), ...wal(2, 9, 14)], [history2]);
const fork = (target: RestoreTarget, over: Partial<PlanRestoreInput> = {}) =>
  plan(target, { picture: forkPicture, backups: forkBackups, histories: [history2], ...over });

describe("planRestore: timelines", () => {
  it("the fixture has a window on each timeline", () => {
    expect(forkPicture.windows.map((w) => [w.timeline, w.fromBackupId, w.to.time])).toEqual([
      [1, "b1", minute(50)],
      [2, "b1", minute(70)],
    ]);
  });

  it("prefers the highest timeline when windows on both hold the target", () => {
    const p = okPlan(fork(time(45)));
    expect(p).toMatchObject({ backupId: "b1", timeline: 2 });
  });

  it("picks a backup taken on the child timeline", () => {
    expect(okPlan(fork(time(65)))).toMatchObject({ backupId: "t2", timeline: 2, targetLsn: at(15) });
  });

  it("does not use a parent-timeline backup taken after the switch for the child", () => {
    expect(okPlan(fork(time(65))).backupId).toBe("t2");
    // late1 serves its own timeline.
    expect(okPlan(fork(time(50), { chosenBackupId: "late1" }))).toMatchObject({ backupId: "late1", timeline: 1 });
  });

  it("timeline_mismatch: a chosen backup that recovers along another timeline", () => {
    const e = failure(fork(time(65), { chosenBackupId: "late1" }));
    expect(e.code).toBe("timeline_mismatch");
    expect(e.message).toContain("Backup late1 recovers along timeline 1, but 2026-11-24T15:05:00Z is reached on timeline 2");
    expect(e.nearest).toEqual({ before: moment(16, at(3, 0x100)), after: moment(70, at(15)) });
  });

  it("without histories, a backup on the window's oldest backup's timeline counts", () => {
    // The documented simplification: late1 (timeline 1) is taken for timeline 2.
    const p = okPlan(fork(time(65), { histories: undefined, chosenBackupId: "late1" }));
    expect(p).toMatchObject({ backupId: "late1", timeline: 2 });
  });

  it("with histories that lack the window's timeline, only its own timeline counts", () => {
    const e = failure(fork(time(65), { histories: [], chosenBackupId: "late1" }));
    expect(e.code).toBe("timeline_mismatch");
  });

  it("restore point on the parent before the switch is reached on the child timeline", () => {
    const rp: PlanRestorePoint = { name: "pre", lsn: at(5), timeline: 1, createdAt: minute(24) };
    const p = okPlan(fork({ kind: "name", name: "pre" }, { restorePoints: [rp] }));
    expect(p).toMatchObject({ backupId: "b1", timeline: 2, targetLsn: at(5) });
  });

  it("restore point on the parent after the switch is reached on the parent only", () => {
    const rp: PlanRestorePoint = { name: "old", lsn: at(10, 0x200), timeline: 1, createdAt: minute(49) };
    expect(okPlan(fork({ kind: "name", name: "old" }, { restorePoints: [rp] }))).toMatchObject({ backupId: "late1", timeline: 1 });
  });

  it("timeline_mismatch: restore point on a timeline whose WAL is not recoverable at its LSN", () => {
    const rp: PlanRestorePoint = { name: "lost", lsn: at(12), timeline: 3, createdAt: minute(58) };
    const e = failure(fork({ kind: "name", name: "lost" }, { restorePoints: [rp] }));
    expect(e.code).toBe("timeline_mismatch");
    expect(e.message).toContain('Restore point "lost" (timeline 3, LSN 0/C000000');
    expect(e.message).toContain("recovery follows timeline 2");
    expect(e.nearest).toEqual({ before: moment(16, at(3, 0x100)), after: moment(70, at(15)) });
  });

  it("without histories, a restore point on the window's oldest backup's timeline fits", () => {
    const rp: PlanRestorePoint = { name: "pre", lsn: at(12), timeline: 1, createdAt: minute(58) };
    expect(okPlan(fork({ kind: "name", name: "pre" }, { restorePoints: [rp], histories: undefined })).timeline).toBe(2);
  });
});

describe("planRestore: LSN targets", () => {
  it("picks the newest backup that ended at or before the LSN", () => {
    const p = okPlan(plan(lsn(at(8))));
    expect(p).toEqual({
      backupId: "b2",
      reason: "newest complete backup that ends before the target: 16.8 MB of WAL to replay",
      timeline: 1,
      targetLsn: at(8),
      walBytesToReplay: at(8) - at(7, 0x100),
      recovery: { target: "lsn", value: "0/8000000", inclusive: true },
    });
  });

  it("accepts a backup's own end and the window's end", () => {
    const start = okPlan(plan(lsn(at(3, 0x100), false)));
    expect(start).toMatchObject({
      backupId: "b1",
      walBytesToReplay: 0n,
      reason: "newest complete backup that ends before the target: no WAL to replay",
    });
    expect(start.recovery.inclusive).toBe(false);
    expect(okPlan(plan(lsn(at(21)))).backupId).toBe("b3");
  });

  it("reports in_gap, before_first_backup and outside_window with LSNs", () => {
    const gap = failure(plan(lsn(at(12))));
    expect(gap.code).toBe("in_gap");
    expect(gap.message).toContain("LSN 0/C000000 is in a WAL gap");
    expect(gap.message).toContain("LSN 0/B000000 (2026-11-24T14:50:00Z) and LSN 0/F000100 (2026-11-24T15:16:00Z)");
    expect(gap.nearest).toEqual({ before: moment(50, at(11)), after: moment(76, at(15, 0x100)) });
    const early = failure(plan(lsn(at(1))));
    expect(early).toMatchObject({ code: "before_first_backup", nearest: { before: null, after: moment(16, at(3, 0x100)) } });
    const late = failure(plan(lsn(at(30))));
    expect(late).toMatchObject({ code: "outside_window", nearest: { before: moment(100, at(21)), after: null } });
  });

  it("chosen backup after an LSN target", () => {
    const e = failure(plan(lsn(at(5)), { chosenBackupId: "b2" }));
    expect(e.code).toBe("backup_after_target");
    expect(e.message).toContain("Backup b2 ended at LSN 0/7000100 (2026-11-24T14:36:00Z), after LSN 0/5000000");
  });

  it("no_window for an LSN with nothing recoverable", () => {
    expect(failure(plan(lsn(at(5)), { picture: pictureOf([], []), backups: [] })).code).toBe("no_window");
  });
});

describe("planRestore: restore points", () => {
  it("recovers to the named point's LSN from the newest backup before it", () => {
    const p = okPlan(plan({ kind: "name", name: "before-migration" }));
    expect(p).toMatchObject({
      backupId: "b2",
      timeline: 1,
      targetLsn: at(8, 0x200),
      walBytesToReplay: at(8, 0x200) - at(7, 0x100),
      recovery: { target: "name", value: "before-migration", inclusive: null },
    });
  });

  it("unknown_restore_point lists up to five known names, newest first", () => {
    const many: PlanRestorePoint[] = Array.from({ length: 7 }, (_, i) => ({
      name: `rp${i}`,
      lsn: at(4 + i),
      timeline: 1,
      createdAt: minute(20 + i),
    }));
    const e = failure(plan({ kind: "name", name: "nope" }, { restorePoints: many }));
    expect(e).toEqual({
      code: "unknown_restore_point",
      message: 'No restore point is named "nope". Known restore points, newest first: "rp6", "rp5", "rp4", "rp3", "rp2" and 2 more.',
      nearest: { before: null, after: null },
    });
    const few = failure(plan({ kind: "name", name: "nope" }));
    expect(few.message).toBe('No restore point is named "nope". Known restore points, newest first: "before-migration", "nightly".');
  });

  it("unknown_restore_point when none exist says what to do instead", () => {
    const e = failure(plan({ kind: "name", name: "x" }, { restorePoints: [] }));
    expect(e.code).toBe("unknown_restore_point");
    expect(e.message).toContain("none have been recorded for this cluster. Recover to a time or an LSN instead.");
  });

  it("a restore point in a gap or before the first backup fails with its position", () => {
    const inGap: PlanRestorePoint = { name: "gone", lsn: at(12), timeline: 1, createdAt: minute(60) };
    const early: PlanRestorePoint = { name: "early", lsn: at(1), timeline: 1, createdAt: minute(5) };
    const e = failure(plan({ kind: "name", name: "gone" }, { restorePoints: [inGap, early] }));
    expect(e.code).toBe("in_gap");
    expect(e.message).toContain('Restore point "gone" (timeline 1, LSN 0/C000000, created 2026-11-24T15:00:00Z) is in a WAL gap');
    expect(failure(plan({ kind: "name", name: "early" }, { restorePoints: [inGap, early] })).code).toBe("before_first_backup");
  });

  it("with a repeated name, aims at the newest recoverable one and says so", () => {
    const repeated: PlanRestorePoint[] = [
      { name: "deploy", lsn: at(5), timeline: 1, createdAt: minute(22) },
      { name: "deploy", lsn: at(9), timeline: 1, createdAt: minute(42) },
      { name: "deploy", lsn: at(12), timeline: 1, createdAt: minute(60) },
    ];
    const p = okPlan(plan({ kind: "name", name: "deploy" }, { restorePoints: repeated }));
    expect(p.targetLsn).toBe(at(9));
    expect(p.backupId).toBe("b2");
    expect(p.reason).toContain("3 restore points share this name");
  });

  it("no_window for a known name with nothing recoverable", () => {
    expect(failure(plan({ kind: "name", name: "nightly" }, { picture: pictureOf([], []), backups: [] })).code).toBe("no_window");
  });

  it("chosen backup with a restore point", () => {
    expect(okPlan(plan({ kind: "name", name: "before-migration" }, { chosenBackupId: "b1" })).reason).toMatch(/^chosen by you: /);
    expect(failure(plan({ kind: "name", name: "nightly" }, { chosenBackupId: "b2" })).code).toBe("backup_after_target");
  });
});

describe("planRestore: latest", () => {
  it("replays to the newest window's end from its newest usable backup", () => {
    const b4 = backup("b4", 17, 18, 90);
    const picture = pictureOf([...gapBackups, b4], gapSegments);
    const p = okPlan(plan({ kind: "latest" }, { picture, backups: [...gapBackups, b4] }));
    expect(p).toEqual({
      backupId: "b4",
      reason: "newest complete backup of the latest recoverable window: 50.3 MB of WAL to replay, up to 2026-11-24T15:40:00Z",
      timeline: 1,
      targetLsn: at(21),
      walBytesToReplay: at(21) - at(18, 0x100),
      recovery: { target: "latest", value: null, inclusive: null },
    });
  });

  it("follows the window that reaches latest, across timelines", () => {
    expect(okPlan(fork({ kind: "latest" }))).toMatchObject({ backupId: "t2", timeline: 2, targetLsn: at(15) });
  });

  it("a chosen backup in the newest window", () => {
    const p = okPlan(plan({ kind: "latest" }, { chosenBackupId: "b3" }));
    expect(p.reason).toBe("chosen by you: 101 MB of WAL to replay");
  });

  it("a chosen backup before a gap: replay ends at the gap, and the reason says so", () => {
    const p = okPlan(plan({ kind: "latest" }, { chosenBackupId: "b2" }));
    expect(p.targetLsn).toBe(at(11));
    expect(p.reason).toContain(
      `replay from it ends at 2026-11-24T14:50:00Z where ${SEG_0B} and 1 more segment are missing, not at the latest recoverable moment 2026-11-24T15:40:00Z`,
    );
  });

  it("a chosen backup that cannot be used", () => {
    const e = failure(plan({ kind: "latest" }, { chosenBackupId: "failed" }));
    expect(e).toMatchObject({ code: "backup_unusable", nearest: { before: moment(76, at(15, 0x100)), after: moment(100, at(21)) } });
    const nowhere = failure(plan({ kind: "latest" }, { picture: { ...gapPicture, unusableBackups: [] }, chosenBackupId: "bad" }));
    expect(nowhere.code).toBe("backup_unusable");
  });

  it("no_window with nothing recoverable", () => {
    expect(failure(plan({ kind: "latest" }, { picture: pictureOf([], []), backups: [] })).code).toBe("no_window");
  });
});

describe("planRestore: immediate", () => {
  it("restores a complete usable backup to its end", () => {
    expect(okPlan(plan({ kind: "immediate", backupId: "b2" }))).toEqual({
      backupId: "b2",
      reason:
        "restores backup b2 to its end (2026-11-24T14:36:00Z, LSN 0/7000100), the earliest consistent moment: no WAL past it is replayed",
      timeline: 1,
      targetLsn: at(7, 0x100),
      walBytesToReplay: 0n,
      recovery: { target: "immediate", value: null, inclusive: null },
    });
  });

  it("uses the backup's own timeline", () => {
    expect(okPlan(fork({ kind: "immediate", backupId: "late1" })).timeline).toBe(1);
    expect(okPlan(fork({ kind: "immediate", backupId: "t2" })).timeline).toBe(2);
  });

  it("refuses incomplete, unknown and WAL-less backups", () => {
    const f = failure(plan({ kind: "immediate", backupId: "failed" }));
    expect(f.code).toBe("backup_unusable");
    expect(f.message).toBe("Backup failed is not complete (status: failed). Choose another backup.");
    // The nearest moments an immediate restore can reach: the ends of usable backups around it.
    expect(f.nearest).toEqual({ before: moment(36, at(7, 0x100)), after: moment(76, at(15, 0x100)) });
    expect(failure(plan({ kind: "immediate", backupId: "nope" }))).toMatchObject({
      code: "backup_unusable",
      nearest: { before: null, after: null },
    });
    const badOne = failure(plan({ kind: "immediate", backupId: "bad" }));
    expect(badOne.message).toContain("is missing");
    expect(badOne.nearest).toEqual({ before: null, after: moment(16, at(3, 0x100)) });
    const nowhere = failure(plan({ kind: "immediate", backupId: "bad" }, { picture: { ...gapPicture, unusableBackups: [] } }));
    expect(nowhere.message).toContain("no recoverable window holds its end");
  });

  it("refuses a different chosen backup", () => {
    const e = failure(plan({ kind: "immediate", backupId: "b2" }, { chosenBackupId: "b1" }));
    expect(e.code).toBe("backup_unusable");
    expect(e.message).toContain("Name one backup");
    expect(okPlan(plan({ kind: "immediate", backupId: "b2" }, { chosenBackupId: "b2" })).backupId).toBe("b2");
  });
});

describe("planRestore: xid", () => {
  const xid = (value: string): RestoreTarget => ({ kind: "xid", xid: value, inclusive: true });

  it("with a hint, plans like an LSN", () => {
    const p = okPlan(plan(xid("7418323"), { xidHint: { lsn: at(8) } }));
    expect(p).toMatchObject({
      backupId: "b2",
      targetLsn: at(8),
      walBytesToReplay: at(8) - at(7, 0x100),
      recovery: { target: "xid", value: "7418323", inclusive: true },
    });
  });

  it("with a hint in a gap, fails like an LSN", () => {
    const e = failure(plan(xid("7418323"), { xidHint: { lsn: at(12) } }));
    expect(e.code).toBe("in_gap");
    expect(e.message).toContain("Transaction 7418323 (committed at about LSN 0/C000000) is in a WAL gap");
  });

  it("without a hint, starts from the oldest backup of the latest window and says the xid was not placed", () => {
    const b4 = backup("b4", 17, 18, 90);
    const picture = pictureOf([...gapBackups, b4], gapSegments);
    const p = okPlan(plan(xid("7418323"), { picture, backups: [...gapBackups, b4] }));
    expect(p.backupId).toBe("b3");
    expect(p.targetLsn).toBeNull();
    expect(p.walBytesToReplay).toBe(at(21) - at(15, 0x100));
    expect(p.timeline).toBe(1);
    expect(p.reason).toContain("transaction 7418323 could not be placed on the WAL");
    expect(p.reason).toContain("the oldest backup of the latest recoverable window");
  });

  it("without a hint, a chosen backup is used when usable", () => {
    const p = okPlan(plan(xid("7418323"), { chosenBackupId: "b2" }));
    expect(p).toMatchObject({ backupId: "b2", targetLsn: null, walBytesToReplay: at(11) - at(7, 0x100) });
    expect(p.reason).toContain("chosen by you");
    expect(failure(plan(xid("7418323"), { chosenBackupId: "failed" })).code).toBe("backup_unusable");
    expect(failure(plan(xid("7418323"), { picture: { ...gapPicture, unusableBackups: [] }, chosenBackupId: "bad" })).code).toBe(
      "backup_unusable",
    );
  });

  it("an epoch-qualified xid8 becomes its 32-bit xid", () => {
    const p = okPlan(plan(xid(String((1n << 32n) + 100n)), { xidHint: { lsn: at(8) } }));
    expect(p.recovery.value).toBe("100");
    expect(p.reason).toContain("is xid 100 in epoch 1");
    expect(xidOf("4294967396")).toEqual({ xid: 100n, epoch: 1n });
  });

  it("no_window with nothing recoverable", () => {
    expect(failure(plan(xid("1000"), { picture: pictureOf([], []), backups: [] })).code).toBe("no_window");
  });
});
