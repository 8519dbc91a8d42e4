import { describe, expect, it } from "vitest";
import {
  recoveryPicture,
  recoveryPictureIn,
  type BackupPoint,
  type RecoveryInputs,
  type SegmentInfo,
} from "@/lib/domain/recoverable-window";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";

const SEG = 16 * 1024 * 1024;
const at = (segno: number, offset = 0) => BigInt(segno) * BigInt(SEG) + BigInt(offset);
const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
const wal = (timeline: number, first: number, last: number): SegmentInfo[] =>
  Array.from({ length: last - first + 1 }, (_, i) => ({
    timeline,
    segno: BigInt(first + i),
    firstCommitAt: minute(5 * (first + i)),
    lastCommitAt: minute(5 * (first + i)),
  }));
const backup: BackupPoint = {
  id: "b1",
  status: "complete",
  timeline: 1,
  startLsn: at(2, 0x28),
  stopLsn: at(3, 0x100),
  stopTime: minute(16),
};
const picture = (over: Partial<RecoveryInputs>) =>
  recoveryPicture({ backups: [backup], segments: [], histories: [], segmentSize: SEG, ...over });

describe("recoveryPicture: the receiver's partial segment", () => {
  it("continues a window that ends where the partial begins, to the WAL received and its last commit", () => {
    const p = picture({ segments: wal(1, 1, 10), partial: { timeline: 1, segno: 11n, endLsn: at(11, 0x4000), lastCommitAt: minute(58) } });
    expect(p.windows).toEqual([
      {
        timeline: 1,
        fromBackupId: "b1",
        from: { lsn: at(3, 0x100), time: minute(16) },
        to: { lsn: at(11, 0x4000), time: minute(58), partial: true },
      },
    ]);
    expect(p.latestRecoverableTime).toEqual(minute(58));
  });

  it("keeps the last complete segment's commit when the partial holds none", () => {
    const p = picture({ segments: wal(1, 1, 10), partial: { timeline: 1, segno: 11n, endLsn: at(11, 0x80), lastCommitAt: null } });
    expect(p.windows[0]?.to).toEqual({ lsn: at(11, 0x80), time: minute(50), partial: true });
  });

  it("ignores a partial past a missing segment: replay could not reach it", () => {
    const p = picture({ segments: wal(1, 1, 10), partial: { timeline: 1, segno: 12n, endLsn: at(12, 0x80), lastCommitAt: minute(59) } });
    expect(p.windows[0]?.to).toEqual({ lsn: at(11), time: minute(50) });
    expect(p.latestRecoverableTime).toEqual(minute(50));
  });

  it("ignores a partial of another timeline", () => {
    const p = picture({ segments: wal(1, 1, 10), partial: { timeline: 2, segno: 11n, endLsn: at(11, 0x80), lastCommitAt: minute(59) } });
    expect(p.windows[0]?.to.partial).toBeUndefined();
  });

  it("follows the partial on a child timeline after a switch", () => {
    const histories = [parseTimelineHistory(2, `1\t0/${at(6, 0x10).toString(16).toUpperCase()}\tno recovery target specified\n`)];
    const p = picture({
      segments: [...wal(1, 1, 6), ...wal(2, 6, 7)],
      histories,
      partial: { timeline: 2, segno: 8n, endLsn: at(8, 0x200), lastCommitAt: minute(44) },
    });
    expect(p.windows.at(-1)?.to).toEqual({ lsn: at(8, 0x200), time: minute(44), partial: true });
  });

  it("extends a backup that carries its WAL when its stop lies in the partial segment", () => {
    const self: BackupPoint = { ...backup, carriesWal: true, startLsn: at(11, 0x28), stopLsn: at(11, 0x100) };
    const p = recoveryPicture({
      backups: [self],
      segments: [],
      histories: [],
      segmentSize: SEG,
      partial: { timeline: 1, segno: 11n, endLsn: at(11, 0x900), lastCommitAt: minute(70) },
    });
    expect(p.windows[0]?.to).toEqual({ lsn: at(11, 0x900), time: minute(70), partial: true });
  });

  it("a copy repository's picture never counts the partial (the receiver uploads it to the primary only)", () => {
    const inputs: RecoveryInputs = {
      backups: [backup],
      segments: wal(1, 1, 10),
      histories: [],
      segmentSize: SEG,
      partial: { timeline: 1, segno: 11n, endLsn: at(11, 0x80), lastCommitAt: minute(59) },
    };
    const copyHoldings = { backupIds: new Set(["b1"]), segments: new Set(wal(1, 1, 10).map((s) => `${s.timeline}/${s.segno}`)) };
    expect(recoveryPictureIn(inputs, copyHoldings).latestRecoverableTime).toEqual(minute(50));
    expect(recoveryPictureIn(inputs, { backupIds: new Set(["b1"]), segments: null }).latestRecoverableTime).toEqual(minute(59));
  });
});
