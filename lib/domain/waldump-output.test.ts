import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/domain/lsn";
import {
  blockRel,
  isNormalWaldumpEnd,
  parseRelPath,
  parseWaldumpLine,
  parseWaldumpTimestamp,
  restorePointName,
  summarizeWaldump,
  xactEnd,
  xactLists,
} from "@/lib/domain/waldump-output";

// Captured from PostgreSQL 15's pg_waldump --rmgr=Transaction --rmgr=XLOG, TZ=UTC.
const LINES = {
  commit:
    "rmgr: Transaction len (rec/tot):     34/    34, tx:        726, lsn: 0/02000068, prev 0/02000028, desc: COMMIT 2026-11-24 23:57:09.679305 UTC",
  commitInval:
    "rmgr: Transaction len (rec/tot):    405/   405, tx:        725, lsn: 0/01516F28, prev 0/01516EE0, desc: COMMIT 2026-11-24 23:55:03.928762 UTC; inval msgs: catcache 80 catcache 79 snapshot 2608 relcache 16384",
  abort:
    "rmgr: Transaction len (rec/tot):     34/    34, tx:        727, lsn: 0/020000D0, prev 0/02000090, desc: ABORT 2026-11-24 23:57:09.683216 UTC",
  prepare:
    "rmgr: Transaction len (rec/tot):    242/   242, tx:        728, lsn: 0/02000138, prev 0/020000F8, desc: PREPARE gid p1: 2026-11-24 23:57:09.684446 UTC",
  commitPrepared:
    "rmgr: Transaction len (rec/tot):     42/    42, tx:          0, lsn: 0/02000230, prev 0/02000138, desc: COMMIT_PREPARED 728: 2026-11-24 23:57:09.684904 UTC",
  restorePoint:
    "rmgr: XLOG        len (rec/tot):     98/    98, tx:          0, lsn: 0/02000260, prev 0/02000230, desc: RESTORE_POINT with space: x",
  restorePoint2:
    "rmgr: XLOG        len (rec/tot):     98/    98, tx:          0, lsn: 0/01526BA8, prev 0/01526B80, desc: RESTORE_POINT before-migration",
  switch: "rmgr: XLOG        len (rec/tot):     24/    24, tx:          0, lsn: 0/01526C78, prev 0/01526C50, desc: SWITCH ",
  fpi: "rmgr: XLOG        len (rec/tot):     49/   489, tx:          0, lsn: 0/01500028, prev 0/014FFFF0, desc: FPI , blkref #0: rel 1663/5/1259 blk 0 FPW",
  checkpoint:
    "rmgr: XLOG        len (rec/tot):    114/   114, tx:          0, lsn: 0/01000028, prev 0/00000000, desc: CHECKPOINT_SHUTDOWN redo 0/1000028; tli 1; prev tli 1; fpw true; xid 0:3; oid 10000; multi 1; offset 0; oldest xid 3 in DB 1; oldest multi 1 in DB 1; oldest/newest commit timestamp xid: 0/0; oldest running xid 0; shutdown",
};

describe("parseWaldumpLine", () => {
  it("reads the fields of a record line", () => {
    expect(parseWaldumpLine(LINES.commit)).toEqual({
      rmgr: "Transaction",
      recordLength: 34,
      totalLength: 34,
      xid: 726,
      lsn: parseLsn("0/02000068"),
      prevLsn: parseLsn("0/02000028"),
      desc: "COMMIT 2026-11-24 23:57:09.679305 UTC",
    });
    expect(parseWaldumpLine(LINES.fpi)).toMatchObject({ rmgr: "XLOG", recordLength: 49, totalLength: 489 });
    expect(parseWaldumpLine(LINES.switch)?.desc).toBe("SWITCH");
  });

  it("ignores anything that is not a record line", () => {
    expect(parseWaldumpLine("")).toBeNull();
    expect(
      parseWaldumpLine("pg_waldump: error: error in WAL record at 0/2000230: invalid record length at 0/2000260: wanted 24, got 0"),
    ).toBeNull();
    expect(parseWaldumpLine("first record is after 0/3000000, at 0/3000028, skipping over 40 bytes")).toBeNull();
  });
});

describe("transaction ends", () => {
  it("reads commit times, with or without invalidation messages, and commit prepared", () => {
    expect(xactEnd(parseWaldumpLine(LINES.commit)!)).toEqual({ kind: "commit", at: new Date("2026-11-24T23:57:09.679Z") });
    expect(xactEnd(parseWaldumpLine(LINES.commitInval)!)).toEqual({ kind: "commit", at: new Date("2026-11-24T23:55:03.928Z") });
    expect(xactEnd(parseWaldumpLine(LINES.commitPrepared)!)).toEqual({ kind: "commit", at: new Date("2026-11-24T23:57:09.684Z") });
  });

  it("tells aborts from commits and ignores PREPARE and non-transaction records", () => {
    expect(xactEnd(parseWaldumpLine(LINES.abort)!)?.kind).toBe("abort");
    expect(xactEnd(parseWaldumpLine(LINES.prepare)!)).toBeNull();
    expect(xactEnd(parseWaldumpLine(LINES.checkpoint)!)).toBeNull();
  });

  it("refuses times printed in another zone", () => {
    expect(() => parseWaldumpTimestamp("2026-11-24 23:57:09.679305", "CET")).toThrow(/TZ=UTC/);
    expect(parseWaldumpTimestamp("2026-01-02 03:04:05", "UTC")).toEqual(new Date("2026-01-02T03:04:05.000Z"));
  });
});

describe("restore points", () => {
  it("reads the name, spaces and colons included", () => {
    expect(restorePointName(parseWaldumpLine(LINES.restorePoint)!)).toBe("with space: x");
    expect(restorePointName(parseWaldumpLine(LINES.restorePoint2)!)).toBe("before-migration");
    expect(restorePointName(parseWaldumpLine(LINES.switch)!)).toBeNull();
    expect(restorePointName(parseWaldumpLine(LINES.commit)!)).toBeNull();
  });
});

describe("summarizeWaldump", () => {
  it("keeps first and last commit and the commits around each restore point", () => {
    const s = summarizeWaldump([
      LINES.checkpoint,
      LINES.commit,
      LINES.abort,
      LINES.prepare,
      LINES.commitPrepared,
      LINES.restorePoint,
      LINES.fpi,
      "rmgr: Transaction len (rec/tot):     34/    34, tx:        729, lsn: 0/0387C8A8, prev 0/0387C868, desc: COMMIT 2026-11-24 23:57:09.867978 UTC",
      LINES.switch,
    ]);
    expect(s).toEqual({
      records: 9,
      commits: 3,
      firstCommitAt: new Date("2026-11-24T23:57:09.679Z"),
      lastCommitAt: new Date("2026-11-24T23:57:09.867Z"),
      restorePoints: [
        {
          name: "with space: x",
          recordLsn: parseLsn("0/02000260"),
          totalLength: 98,
          commitBefore: new Date("2026-11-24T23:57:09.684Z"),
          commitAfter: new Date("2026-11-24T23:57:09.867Z"),
        },
      ],
    });
  });

  it("has no commit times for a segment without commits", () => {
    expect(summarizeWaldump([LINES.checkpoint, LINES.switch])).toMatchObject({
      records: 2,
      commits: 0,
      firstCommitAt: null,
      lastCommitAt: null,
    });
  });
});

describe("isNormalWaldumpEnd", () => {
  const endOfWal = "pg_waldump: error: error in WAL record at 0/2000230: invalid record length at 0/2000260: wanted 24, got 0";
  it("treats the end of written WAL or a missing next segment as the end, once records were read", () => {
    expect(isNormalWaldumpEnd(endOfWal, 5)).toBe(true);
    expect(isNormalWaldumpEnd('pg_waldump: error: could not find file "000000010000000000000004": No such file or directory', 5)).toBe(
      true,
    );
    expect(isNormalWaldumpEnd("", 1)).toBe(true);
  });
  it("is a failure when nothing was read or the error is something else", () => {
    expect(isNormalWaldumpEnd(endOfWal, 0)).toBe(false);
    expect(
      isNormalWaldumpEnd(
        "pg_waldump: error: WAL segment size must be a power of two between 1 MB and 1 GB, but the WAL file header specifies 0 bytes",
        3,
      ),
    ).toBe(false);
  });
});

describe("relation files", () => {
  it("reads relation paths of the Storage rmgr and commit records", () => {
    expect(parseRelPath("base/5/16384")).toEqual({ database: 5, relfilenode: 16384 });
    expect(parseRelPath("global/1262")).toEqual({ database: 0, relfilenode: 1262 });
    expect(parseRelPath("pg_tblspc/16385/PG_15_202209061/5/16400")).toEqual({ database: 5, relfilenode: 16400 });
    expect(parseRelPath("base/5")).toBeNull();
  });

  it("reads a record's block reference", () => {
    expect(blockRel(parseWaldumpLine(LINES.fpi)!)).toEqual({ database: 5, relfilenode: 1259 });
    expect(blockRel(parseWaldumpLine(LINES.commit)!)).toBeNull();
  });

  it("reads the subxacts and rels lists of commit and abort records", () => {
    const commit = parseWaldumpLine(
      "rmgr: Transaction len (rec/tot):   1245/  1245, tx:        731, lsn: 0/02003B20, prev 0/02003AE8, desc: COMMIT 2026-12-02 16:17:14.721039 UTC; rels: base/5/16384 base/5/16387; dropped stats: 2/5/16387 2/5/16384; inval msgs: catcache 32",
    )!;
    expect(xactLists(commit)).toEqual({
      subxacts: [],
      rels: [
        { database: 5, relfilenode: 16384 },
        { database: 5, relfilenode: 16387 },
      ],
    });
    const abort = parseWaldumpLine(
      "rmgr: Transaction len (rec/tot):     46/    46, tx:        733, lsn: 0/020041C8, prev 0/02004190, desc: ABORT 2026-12-02 16:17:14.725813 UTC; subxacts: 734",
    )!;
    expect(xactLists(abort)).toEqual({ subxacts: [734], rels: [] });
  });
});
