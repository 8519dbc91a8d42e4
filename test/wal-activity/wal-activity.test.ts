// The fold over real pg_waldump output of PostgreSQL 15 (test/wal-activity/fixtures, TZ=UTC,
// autovacuum off). The replica capture ran, after CREATE TABLE orders (pk), big, sub, rw:
//   725 INSERT 50 orders · 726 COPY 30 big · 727 INSERT 10 rw · 728 DELETE 40 orders
//   729 UPDATE 30 big · 730 TRUNCATE big · 731 DROP TABLE orders
//   732 savepoints: 733 (INSERT 5 sub, then 734 DELETE 2) rolled back; 735/736 INSERT 1, DELETE 1 sub
//   737 INSERT 2 sub, ROLLBACK · 738 UPDATE 1 rw · 739 ALTER TABLE rw … TYPE bigint · 740 VACUUM FULL sub
// The logical capture (wal_level=logical): 743 TRUNCATE t2 (a Heap TRUNCATE record), then 744 with
// 70 subtransactions (ASSIGNMENT records) inserting one row each into the new file, 16410.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/domain/lsn";
import {
  createActivityFold,
  isNotable,
  minuteActivity,
  statementKinds,
  xidPrecedes,
  type EndedXact,
  type OpenXact,
} from "@/lib/domain/wal-activity";
import { parseWaldumpLine, type WaldumpRecord } from "@/lib/domain/waldump-output";

const fixture = (name: string): WaldumpRecord[] =>
  readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")
    .split("\n")
    .map(parseWaldumpLine)
    .filter((r): r is WaldumpRecord => r !== null);

function fold(records: WaldumpRecord[], carried: OpenXact[] = []) {
  const f = createActivityFold(carried);
  for (const r of records) f.add(r);
  return f.finish();
}

const byXid = (ended: EndedXact[], xid: number) => ended.find((x) => x.xid === xid)!;
const db = 5;

describe("createActivityFold on a real capture", () => {
  const { ended, open } = fold(fixture("pg15-replica.waldump.txt"));

  it("ends every transaction of the capture, none left open", () => {
    expect(ended.map((x) => x.xid)).toEqual([725, 726, 727, 728, 729, 730, 731, 733, 732, 737, 738, 739, 740]);
    expect(open).toEqual([]);
  });

  it("counts inserts, multi-inserts, deletes and HOT updates per relation file", () => {
    expect(byXid(ended, 725).changes).toEqual([{ database: db, relfilenode: 16384, inserted: 50, updated: 0, deleted: 0 }]);
    expect(byXid(ended, 726).changes).toEqual([{ database: db, relfilenode: 16391, inserted: 30, updated: 0, deleted: 0 }]);
    expect(byXid(ended, 728).changes).toEqual([{ database: db, relfilenode: 16384, inserted: 0, updated: 0, deleted: 40 }]);
    expect(byXid(ended, 729).changes).toEqual([{ database: db, relfilenode: 16391, inserted: 0, updated: 30, deleted: 0 }]);
    expect(byXid(ended, 728)).toMatchObject({
      status: "committed",
      endedAt: new Date("2026-12-02T16:17:14.670Z"),
      lsn: parseLsn("0/02002770"),
      events: [],
    });
  });

  it("ignores the system catalogs' rows (DDL bookkeeping)", () => {
    expect(byXid(ended, 731).changes).toEqual([]);
  });

  it("tells TRUNCATE, DROP and a rewrite apart", () => {
    expect(byXid(ended, 730).events).toEqual([{ database: db, relfilenode: 16391, kind: "truncate" }]);
    expect(byXid(ended, 731).events).toEqual(
      [16384, 16387, 16388, 16389].map((relfilenode) => ({ database: db, relfilenode, kind: "drop" })),
    );
    // ALTER TABLE … TYPE writes the rows into the new file: a rewrite, with its rows inserted there.
    expect(byXid(ended, 739).events).toEqual([{ database: db, relfilenode: 16397, kind: "rewrite" }]);
    expect(byXid(ended, 739).changes).toEqual([{ database: db, relfilenode: 16401, inserted: 10, updated: 0, deleted: 0 }]);
  });

  it("joins committed subtransactions to their top xid and keeps rolled-back ones apart", () => {
    expect(byXid(ended, 732)).toMatchObject({
      status: "committed",
      subxacts: [735, 736],
      changes: [{ database: db, relfilenode: 16394, inserted: 1, updated: 0, deleted: 1 }],
    });
    expect(byXid(ended, 733)).toMatchObject({
      status: "aborted",
      subxacts: [734],
      changes: [{ database: db, relfilenode: 16394, inserted: 5, updated: 0, deleted: 2 }],
      events: [],
    });
    expect(byXid(ended, 737)).toMatchObject({ status: "aborted", changes: [{ inserted: 2 }] });
  });

  it("names the statement kinds, most destructive first, and keeps the notable ones", () => {
    expect(statementKinds(byXid(ended, 728))).toEqual(["delete"]);
    expect(statementKinds(byXid(ended, 731))).toEqual(["drop"]);
    expect(statementKinds(byXid(ended, 739))).toEqual(["rewrite", "insert"]);
    expect(statementKinds(byXid(ended, 732))).toEqual(["delete", "insert"]);
    expect(ended.filter(isNotable).map((x) => x.xid)).toEqual([728, 729, 730, 731, 739, 740]);
  });

  it("sums committed changes per minute and relation", () => {
    const minutes = minuteActivity(ended);
    const orders = minutes.find((m) => m.relfilenode === 16384)!;
    expect(orders).toEqual({
      minute: new Date("2026-12-02T16:17:00Z"),
      database: db,
      relfilenode: 16384,
      inserted: 50,
      updated: 0,
      deleted: 40,
      truncates: 0,
      drops: 1,
      rewrites: 0,
    });
    // The rolled-back savepoint's 5 inserts and 2 deletes are not there.
    expect(minutes.find((m) => m.relfilenode === 16394)).toMatchObject({ inserted: 1, deleted: 1, truncates: 1 });
  });
});

describe("transactions spanning segments", () => {
  const records = fixture("pg15-replica.waldump.txt");
  // Split in the middle of 728's 40 deletes.
  const cut = records.findIndex((r) => r.xid === 728 && r.desc.startsWith("DELETE off 21 "));

  it("carries what an open transaction did into the next segment's fold", () => {
    const first = fold(records.slice(0, cut));
    expect(first.open.map((x) => x.xid)).toEqual([728]);
    // Carried state is plain JSON, as the catalog stores it.
    const carried = JSON.parse(JSON.stringify(first.open)) as OpenXact[];
    const second = fold(records.slice(cut), carried);
    expect(byXid(second.ended, 728).changes).toEqual([{ database: db, relfilenode: 16384, inserted: 0, updated: 0, deleted: 40 }]);
    expect([...first.ended, ...second.ended].map((x) => x.xid)).toEqual(fold(records).ended.map((x) => x.xid));
  });

  it("ends, silently, a carried transaction the server no longer runs (crash: no ABORT record)", () => {
    const first = fold(records.slice(0, cut));
    const running = parseWaldumpLine(
      "rmgr: Standby     len (rec/tot):     50/    50, tx:          0, lsn: 0/030017D8, prev 0/030017A0, desc: RUNNING_XACTS nextXid 815 latestCompletedXid 814 oldestRunningXid 815",
    )!;
    expect(fold([running], first.open)).toEqual({ ended: [], open: [] });
    const stillRunning = { ...running, desc: "RUNNING_XACTS nextXid 729 latestCompletedXid 727 oldestRunningXid 728" };
    expect(fold([stillRunning], first.open).open.map((x) => x.xid)).toEqual([728]);
  });
});

describe("wal_level=logical", () => {
  const { ended } = fold(fixture("pg15-logical.waldump.txt"));
  it("reads the Heap TRUNCATE record and joins 70 subtransactions", () => {
    expect(byXid(ended, 743).events).toEqual([{ database: db, relfilenode: 16407, kind: "truncate" }]);
    expect(byXid(ended, 744).subxacts).toHaveLength(70);
    expect(byXid(ended, 744).changes).toEqual([{ database: db, relfilenode: 16410, inserted: 70, updated: 0, deleted: 0 }]);
  });
});

describe("xidPrecedes", () => {
  it("compares modulo 2^32", () => {
    expect(xidPrecedes(727, 728)).toBe(true);
    expect(xidPrecedes(728, 728)).toBe(false);
    expect(xidPrecedes(4294967290, 5)).toBe(true);
    expect(xidPrecedes(5, 4294967290)).toBe(false);
  });
});
