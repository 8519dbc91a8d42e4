import { describe, expect, it } from "vitest";
import {
  recoveryPicture,
  recoveryPictureIn,
  segmentKey,
  type BackupPoint,
  type RecoveryInputs,
  type SegmentInfo,
} from "@/lib/domain/recoverable-window";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";

const MiB = 1024 * 1024;
const SEG = 16 * MiB;

/** An LSN `offset` bytes into segment `segno`. */
const at = (segno: number, offset = 0, segSize = SEG) => BigInt(segno) * BigInt(segSize) + BigInt(offset);
const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

/** Segments first..last on a timeline; by default the last commit in segment n is at minute 5n. */
function wal(timeline: number, first: number, last: number, commit: (segno: number) => Date | null = (n) => minute(5 * n)): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  for (let n = first; n <= last; n++) {
    out.push({ timeline, segno: BigInt(n), firstCommitAt: commit(n), lastCommitAt: commit(n) });
  }
  return out;
}

/** A complete backup on timeline 1 whose WAL spans segments 2..3, ended at minute 16. */
function backup(id: string, over: Partial<BackupPoint> = {}): BackupPoint {
  return {
    id,
    status: "complete",
    timeline: 1,
    startLsn: at(2, 0x28),
    stopLsn: at(3, 0x100),
    stopTime: minute(16),
    ...over,
  };
}

function picture(over: Partial<RecoveryInputs>) {
  return recoveryPicture({ backups: [], segments: [], histories: [], segmentSize: SEG, ...over });
}

const history = (timeline: number, text: string): TimelineHistory => parseTimelineHistory(timeline, text);

describe("recoveryPicture: one timeline", () => {
  it("one backup and contiguous WAL: from the backup's end to the end of the last segment", () => {
    const result = picture({ backups: [backup("b1")], segments: wal(1, 1, 10) });
    expect(result).toEqual({
      windows: [
        {
          timeline: 1,
          fromBackupId: "b1",
          from: { lsn: at(3, 0x100), time: minute(16) },
          to: { lsn: at(11), time: minute(50) },
        },
      ],
      latestRecoverableTime: minute(50),
      gaps: [],
      unusableBackups: [],
    });
  });

  it("a gap after the backup ends the window before it, and the gap lists what is missing", () => {
    const result = picture({ backups: [backup("b1")], segments: [...wal(1, 1, 5), ...wal(1, 8, 10)] });
    expect(result.windows).toHaveLength(1);
    expect(result.windows[0]?.to).toEqual({ lsn: at(6), time: minute(25) });
    expect(result.latestRecoverableTime).toEqual(minute(25));
    expect(result.gaps).toEqual([
      {
        timeline: 1,
        first: 6n,
        last: 7n,
        missing: ["000000010000000000000006", "000000010000000000000007"],
        missingCount: 2n,
      },
    ]);
  });

  it("a missing segment inside the backup's own WAL makes it unusable, naming the segment", () => {
    const result = picture({
      backups: [backup("b1", { stopLsn: at(5, 0x10) })],
      segments: [...wal(1, 1, 3), ...wal(1, 5, 10)],
    });
    expect(result.windows).toEqual([]);
    expect(result.latestRecoverableTime).toBeNull();
    expect(result.unusableBackups).toEqual([{ id: "b1", reason: "WAL segment 000000010000000000000004 is missing" }]);
  });

  it("names the first missing run, and counts further holes before the backup's end", () => {
    const run = picture({
      backups: [backup("b1", { stopLsn: at(6, 0x10) })],
      segments: [...wal(1, 1, 2), ...wal(1, 5, 10)],
    });
    expect(run.unusableBackups[0]?.reason).toBe("WAL from 000000010000000000000003 to 000000010000000000000004 is missing");
    const holes = picture({
      backups: [backup("b1", { stopLsn: at(9, 0x10) })],
      segments: [...wal(1, 1, 2), ...wal(1, 4, 5), ...wal(1, 7, 7), ...wal(1, 9, 10)],
    });
    expect(holes.unusableBackups[0]?.reason).toBe(
      "WAL segment 000000010000000000000003 is missing, and 2 more segments before the backup's end",
    );
  });

  it("a missing first segment of the backup counts too", () => {
    const result = picture({ backups: [backup("b1")], segments: wal(1, 3, 10) });
    expect(result.unusableBackups).toEqual([{ id: "b1", reason: "WAL segment 000000010000000000000002 is missing" }]);
  });

  it("a stop LSN on a segment boundary does not need the next segment (pg_backup_stop waits for stop - 1)", () => {
    const result = picture({ backups: [backup("b1", { stopLsn: at(4) })], segments: wal(1, 1, 3) });
    expect(result.unusableBackups).toEqual([]);
    expect(result.windows[0]).toMatchObject({ from: { lsn: at(4) }, to: { lsn: at(4) } });
    // One byte further and segment 4 is needed.
    const after = picture({ backups: [backup("b1", { stopLsn: at(4, 1) })], segments: wal(1, 1, 3) });
    expect(after.unusableBackups[0]?.reason).toBe("WAL segment 000000010000000000000004 is missing");
  });

  it("two backups with a gap between them give two windows, oldest first", () => {
    const later = backup("b2", { startLsn: at(8, 0x28), stopLsn: at(9, 0x10), stopTime: minute(46) });
    const result = picture({ backups: [later, backup("b1")], segments: [...wal(1, 1, 5), ...wal(1, 7, 12)] });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(6), time: minute(25) } },
      { timeline: 1, fromBackupId: "b2", from: { lsn: at(9, 0x10), time: minute(46) }, to: { lsn: at(13), time: minute(60) } },
    ]);
    expect(result.latestRecoverableTime).toEqual(minute(60));
    expect(result.gaps.map((g) => g.missing)).toEqual([["000000010000000000000006"]]);
  });

  it("overlapping windows merge into one that keeps the oldest backup", () => {
    const later = backup("b2", { startLsn: at(5, 0x28), stopLsn: at(6, 0x10), stopTime: minute(31) });
    const result = picture({ backups: [later, backup("b1")], segments: wal(1, 1, 10) });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(11), time: minute(50) } },
    ]);
  });

  it("windows that only touch merge too", () => {
    // b2 ends exactly where b1's WAL ends: its window is the single point at(6).
    const b2 = backup("b2", { startLsn: at(5, 0x28), stopLsn: at(6), stopTime: minute(29) });
    const result = picture({ backups: [backup("b1"), b2], segments: wal(1, 1, 5) });
    expect(result.windows).toHaveLength(1);
    expect(result.windows[0]).toMatchObject({ fromBackupId: "b1", to: { lsn: at(6), time: minute(29) } });
  });

  it("running and failed backups are ignored for windows and reported as not complete", () => {
    const result = picture({
      backups: [backup("r", { status: "running" }), backup("f", { status: "failed" })],
      segments: wal(1, 1, 10),
    });
    expect(result.windows).toEqual([]);
    expect(result.latestRecoverableTime).toBeNull();
    expect(result.unusableBackups).toEqual([
      { id: "r", reason: "not complete (status: running)" },
      { id: "f", reason: "not complete (status: failed)" },
    ]);
  });

  it("a running backup does not extend a complete one's window backwards", () => {
    const early = backup("r", { status: "running", startLsn: at(1), stopLsn: at(1, 0x10), stopTime: minute(5) });
    const result = picture({ backups: [early, backup("b1")], segments: wal(1, 1, 10) });
    expect(result.windows.map((w) => w.fromBackupId)).toEqual(["b1"]);
  });

  it("WAL without backups gives no window but still reports its gaps", () => {
    const result = picture({ segments: [...wal(1, 1, 3), ...wal(1, 5, 6)] });
    expect(result.windows).toEqual([]);
    expect(result.latestRecoverableTime).toBeNull();
    expect(result.gaps).toEqual([{ timeline: 1, first: 4n, last: 4n, missing: ["000000010000000000000004"], missingCount: 1n }]);
  });

  it("backups without any WAL are unusable, with the range that is missing", () => {
    const result = picture({ backups: [backup("b1")] });
    expect(result.windows).toEqual([]);
    expect(result.gaps).toEqual([]);
    expect(result.unusableBackups).toEqual([
      { id: "b1", reason: "WAL from 000000010000000000000002 to 000000010000000000000003 is missing" },
    ]);
  });

  it("a stop LSN before the start LSN is reported, not computed on", () => {
    const result = picture({ backups: [backup("b1", { startLsn: at(5), stopLsn: at(4) })], segments: wal(1, 1, 10) });
    expect(result.unusableBackups).toEqual([{ id: "b1", reason: "stop LSN 0/4000000 is before start LSN 0/5000000" }]);
  });
});

describe("recoveryPicture: commit times", () => {
  it("with no commit times at all the window ends at the backup's stop time", () => {
    const result = picture({ backups: [backup("b1")], segments: wal(1, 1, 10, () => null) });
    expect(result.windows[0]?.to).toEqual({ lsn: at(11), time: minute(16) });
    expect(result.latestRecoverableTime).toEqual(minute(16));
  });

  it("uses the latest non-null commit, wherever the nulls are", () => {
    const commit = (n: number) => (n === 7 ? minute(70) : null);
    const result = picture({ backups: [backup("b1")], segments: wal(1, 1, 10, commit) });
    expect(result.windows[0]?.to.time).toEqual(minute(70));
  });

  it("never ends before the backup's own stop time", () => {
    const result = picture({
      backups: [backup("b1", { stopTime: minute(500) })],
      segments: wal(1, 1, 10),
    });
    expect(result.windows[0]?.to.time).toEqual(minute(500));
  });

  it("ignores commits in segments before the backup's start and after the window", () => {
    const commit = (n: number) => (n === 1 ? minute(900) : n === 9 ? minute(800) : minute(n));
    const result = picture({ backups: [backup("b1")], segments: [...wal(1, 1, 5, commit), ...wal(1, 9, 9, commit)] });
    expect(result.windows[0]?.to.time).toEqual(minute(16));
  });

  it("a merged window takes the later time of the windows merged", () => {
    const b2 = backup("b2", { startLsn: at(5, 0x28), stopLsn: at(6, 0x10), stopTime: minute(300) });
    const result = picture({ backups: [backup("b1"), b2], segments: wal(1, 1, 10) });
    expect(result.windows).toHaveLength(1);
    expect(result.windows[0]?.to.time).toEqual(minute(300));
    expect(result.latestRecoverableTime).toEqual(minute(300));
  });
});

describe("recoveryPicture: duplicates and segment sizes", () => {
  it("duplicated segments count once and their commit times combine", () => {
    const segments = [
      ...wal(1, 1, 10, () => null),
      ...wal(1, 4, 6),
      { timeline: 1, segno: 6n, firstCommitAt: null, lastCommitAt: null },
      ...wal(1, 12, 12),
      ...wal(1, 12, 12),
    ];
    const result = picture({ backups: [backup("b1"), backup("b1-again")], segments });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(11), time: minute(30) } },
    ]);
    expect(result.gaps).toEqual([{ timeline: 1, first: 11n, last: 11n, missing: ["00000001000000000000000B"], missingCount: 1n }]);
  });

  it("does the segment arithmetic with a 1 MiB segment size (4096 segments per log id)", () => {
    const b1 = backup("b1", { startLsn: at(4094, 0x28, MiB), stopLsn: at(4096, 0x10, MiB) });
    const result = recoveryPicture({
      backups: [b1],
      segments: [...wal(1, 4093, 4097), ...wal(1, 4099, 4099)],
      histories: [],
      segmentSize: MiB,
    });
    expect(result.windows[0]?.to.lsn).toBe(at(4098, 0, MiB));
    expect(result.windows[0]?.to.lsn).toBe(0x100200000n);
    expect(result.gaps[0]?.missing).toEqual(["000000010000000100000002"]);
    // The same input read as 16 MiB segments would leave the backup without its WAL.
    const unusable = recoveryPicture({
      backups: [backup("b1", { startLsn: at(4095, 0, MiB), stopLsn: at(4097, 1, MiB) })],
      segments: wal(1, 4093, 4095),
      histories: [],
      segmentSize: MiB,
    });
    expect(unusable.unusableBackups[0]?.reason).toBe("WAL from 000000010000000100000000 to 000000010000000100000001 is missing");
  });

  it("refuses an invalid segment size", () => {
    expect(() => picture({ segmentSize: 3 * MiB })).toThrow(/power of two/);
  });
});

describe("recoveryPicture: timelines", () => {
  // Promotion in segment 5: timeline 2's first segment is 000000020000000000000005.
  const tli2 = history(2, "1\t0/5000100\tno recovery target specified\n");

  it("follows a child timeline that branched after the backup, as recovery_target_timeline = latest does", () => {
    const result = picture({
      backups: [backup("b1")],
      segments: [...wal(1, 1, 4), ...wal(2, 5, 9)],
      histories: [tli2],
    });
    expect(result.windows).toEqual([
      { timeline: 2, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(10), time: minute(45) } },
    ]);
    expect(result.unusableBackups).toEqual([]);
  });

  it("follows a chain of switches 1 → 2 → 3", () => {
    const tli3 = history(3, "1\t0/5000100\tx\n2\t0/7000200\ty\n");
    const result = picture({
      backups: [backup("b1")],
      // Timeline 2's segment 7 exists only as timeline 3's copy (the old one was left .partial).
      segments: [...wal(1, 1, 4), ...wal(2, 5, 6), ...wal(3, 7, 8)],
      histories: [tli2, tli3],
    });
    expect(result.windows).toHaveLength(1);
    expect(result.windows[0]).toMatchObject({ timeline: 3, to: { lsn: at(9) } });
  });

  it("needs the child's copy of the switch segment: without it the window ends on the parent", () => {
    const result = picture({
      backups: [backup("b1")],
      segments: [...wal(1, 1, 4), ...wal(2, 6, 9)],
      histories: [tli2],
    });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(5), time: minute(20) } },
    ]);
  });

  it("keeps the old timeline's own window when it went on past the switch (two histories)", () => {
    const result = picture({
      backups: [backup("b1")],
      segments: [...wal(1, 1, 6), ...wal(2, 5, 9, (n) => minute(100 + n))],
      histories: [tli2],
    });
    expect(result.windows.map((w) => [w.timeline, w.fromBackupId, w.to.lsn])).toEqual([
      [1, "b1", at(7)],
      [2, "b1", at(10)],
    ]);
    expect(result.latestRecoverableTime).toEqual(minute(109));
  });

  it("a backup that ended in the switch segment is usable through the child's copy (parent left only a .partial)", () => {
    const b1 = backup("b1", { startLsn: at(4, 0x28), stopLsn: at(5, 0x80) });
    const result = picture({ backups: [b1], segments: [...wal(1, 1, 4), ...wal(2, 5, 9)], histories: [tli2] });
    expect(result.unusableBackups).toEqual([]);
    expect(result.windows).toEqual([
      { timeline: 2, fromBackupId: "b1", from: { lsn: at(5, 0x80), time: minute(16) }, to: { lsn: at(10), time: minute(45) } },
    ]);
  });

  it("does not follow a child that branched before the backup ended", () => {
    const b1 = backup("b1", { startLsn: at(4, 0x28), stopLsn: at(5, 0x200) });
    const result = picture({ backups: [b1], segments: [...wal(1, 1, 8), ...wal(2, 5, 12)], histories: [tli2] });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(5, 0x200), time: minute(16) }, to: { lsn: at(9), time: minute(40) } },
    ]);
  });

  it("does not follow a child whose history does not branch from the backup's timeline", () => {
    // Timeline 3 branched from 1, not from 2, where the backup was taken.
    const tli3 = history(3, "1\t0/5000100\tother branch\n");
    const onTwo = backup("b2", { timeline: 2, startLsn: at(6, 0x28), stopLsn: at(6, 0x900) });
    const result = picture({
      backups: [onTwo],
      segments: [...wal(1, 1, 4), ...wal(2, 5, 7), ...wal(3, 5, 12)],
      histories: [tli2, tli3],
    });
    expect(result.windows).toEqual([
      { timeline: 2, fromBackupId: "b2", from: { lsn: at(6, 0x900), time: minute(16) }, to: { lsn: at(8), time: minute(35) } },
    ]);
  });

  it("does not follow segments of a timeline without a history file", () => {
    const result = picture({ backups: [backup("b1")], segments: [...wal(1, 1, 4), ...wal(2, 5, 9)] });
    expect(result.windows.map((w) => [w.timeline, w.to.lsn])).toEqual([[1, at(5)]]);
  });

  it("a backup on a child timeline may start on the parent: its early WAL is read there", () => {
    const b = backup("b", { timeline: 2, startLsn: at(3, 0x28), stopLsn: at(6, 0x10) });
    const result = picture({ backups: [b], segments: [...wal(1, 1, 4), ...wal(2, 5, 8)], histories: [tli2] });
    expect(result.windows).toEqual([
      { timeline: 2, fromBackupId: "b", from: { lsn: at(6, 0x10), time: minute(16) }, to: { lsn: at(9), time: minute(40) } },
    ]);
    const missing = picture({ backups: [b], segments: [...wal(1, 1, 2), ...wal(2, 5, 8)], histories: [tli2] });
    expect(missing.unusableBackups).toEqual([
      { id: "b", reason: "WAL from 000000010000000000000003 to 000000010000000000000004 is missing" },
    ]);
  });

  it("merges windows from backups on parent and child timelines into the child's window", () => {
    const onTwo = backup("b2", { timeline: 2, startLsn: at(6, 0x28), stopLsn: at(6, 0x900), stopTime: minute(33) });
    const result = picture({
      backups: [onTwo, backup("b1")],
      segments: [...wal(1, 1, 4), ...wal(2, 5, 9)],
      histories: [tli2],
    });
    expect(result.windows).toEqual([
      { timeline: 2, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(10), time: minute(45) } },
    ]);
  });

  it("reports gaps per timeline", () => {
    const result = picture({ segments: [...wal(1, 1, 2), ...wal(1, 4, 4), ...wal(2, 5, 5), ...wal(2, 8, 8)], histories: [tli2] });
    expect(result.gaps.map((g) => [g.timeline, g.missing])).toEqual([
      [1, ["000000010000000000000003"]],
      [2, ["000000020000000000000006", "000000020000000000000007"]],
    ]);
  });
});

describe("recoveryPicture: backups that carry their own WAL (tar, -X stream)", () => {
  const own = (id: string, over: Partial<BackupPoint> = {}) => backup(id, { carriesWal: true, ...over });

  it("is recoverable to its end with no archive at all", () => {
    expect(picture({ backups: [own("b1")] }).windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(3, 0x100), time: minute(16) } },
    ]);
  });

  it("does not need the archive to hold its own WAL, only what follows its stop", () => {
    const result = picture({ backups: [own("b1")], segments: wal(1, 3, 8) });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(9), time: minute(40) } },
    ]);
    expect(result.unusableBackups).toEqual([]);
  });

  it("stops at its end when the segment holding its stop LSN is missing, even if later WAL exists", () => {
    const result = picture({ backups: [own("b1")], segments: wal(1, 4, 8) });
    expect(result.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(3, 0x100), time: minute(16) } },
    ]);
    expect(result.gaps).toEqual([]);
  });

  it("ends before a gap in the WAL after it", () => {
    const result = picture({ backups: [own("b1")], segments: [...wal(1, 3, 5), ...wal(1, 7, 9)] });
    expect(result.windows.map((w) => w.to.lsn)).toEqual([at(6)]);
    expect(result.gaps).toEqual([expect.objectContaining({ timeline: 1, first: 6n, last: 6n, missing: ["000000010000000000000006"] })]);
  });

  it("a stop exactly on a segment boundary continues from the next segment", () => {
    const result = picture({ backups: [own("b1", { stopLsn: at(4) })], segments: wal(1, 4, 6) });
    expect(result.windows[0]!.to.lsn).toBe(at(7));
  });
});

describe("recoveryPictureIn: what one repository alone can serve", () => {
  const inputs: RecoveryInputs = {
    backups: [backup("b1"), backup("b2", { startLsn: at(6, 0x28), stopLsn: at(6, 0x200), stopTime: minute(31) })],
    segments: wal(1, 1, 10),
    histories: [],
    segmentSize: SEG,
  };
  const keys = (segments: SegmentInfo[]) => new Set(segments.map(segmentKey));

  it("the primary, holding everything, sees the whole picture", () => {
    expect(recoveryPictureIn(inputs, { backupIds: new Set(["b1", "b2"]), segments: null })).toEqual(recoveryPicture(inputs));
  });

  it("a copy the copy job has not finished ends where its WAL ends", () => {
    const lagging = recoveryPictureIn(inputs, { backupIds: new Set(["b1"]), segments: keys(wal(1, 1, 7)) });
    expect(lagging.windows).toEqual([
      { timeline: 1, fromBackupId: "b1", from: { lsn: at(3, 0x100), time: minute(16) }, to: { lsn: at(8), time: minute(35) } },
    ]);
    expect(lagging.latestRecoverableTime).toEqual(minute(35));
    expect(lagging.gaps).toEqual([]);
  });

  it("a segment missing from the copy is a gap in its picture, and only a backup it holds after the gap recovers past it", () => {
    const segments = keys(wal(1, 1, 10).filter((s) => s.segno !== 5n));
    const withoutB2 = recoveryPictureIn(inputs, { backupIds: new Set(["b1"]), segments });
    expect(withoutB2.windows.map((w) => [w.fromBackupId, w.to.lsn])).toEqual([["b1", at(5)]]);
    expect(withoutB2.gaps).toEqual([expect.objectContaining({ timeline: 1, first: 5n, last: 5n, missingCount: 1n })]);
    const withB2 = recoveryPictureIn(inputs, { backupIds: new Set(["b1", "b2"]), segments });
    expect(withB2.windows.map((w) => [w.fromBackupId, w.to.lsn])).toEqual([
      ["b1", at(5)],
      ["b2", at(11)],
    ]);
  });

  it("a copy holding no backup yet has no window, whatever WAL it holds", () => {
    const empty = recoveryPictureIn(inputs, { backupIds: new Set(), segments: keys(wal(1, 1, 10)) });
    expect(empty.windows).toEqual([]);
    expect(empty.latestRecoverableTime).toBeNull();
  });
});
