/**
 * Reading pg_waldump's text output (PostgreSQL 15 format), one record per line:
 *
 *   rmgr: Transaction len (rec/tot):     34/    34, tx:        726, lsn: 0/01526B80, prev 0/01526B40, desc: COMMIT 2026-11-24 23:55:03.930891 UTC
 *   rmgr: XLOG        len (rec/tot):     98/    98, tx:          0, lsn: 0/01526BA8, prev 0/01526B80, desc: RESTORE_POINT before-migration
 *
 * Timestamps are printed in pg_waldump's local time zone with a zone abbreviation: run it with
 * TZ=UTC, and this parser accepts only "UTC" (abbreviations such as "CST" are ambiguous).
 * The restore-point line carries no time (xlog_desc prints only the name).
 */
import { parseLsn } from "./lsn";

export interface WaldumpRecord {
  rmgr: string;
  recordLength: number;
  totalLength: number;
  xid: number;
  lsn: bigint;
  prevLsn: bigint;
  desc: string;
}

const RECORD_LINE =
  /^rmgr: (\S+)\s+len \(rec\/tot\):\s*(\d+)\/\s*(\d+), tx:\s*(\d+), lsn: ([0-9A-Fa-f]+\/[0-9A-Fa-f]+), prev ([0-9A-Fa-f]+\/[0-9A-Fa-f]+), desc: ?(.*)$/;
// COMMIT <time>, COMMIT_PREPARED <xid>: <time>; the same for ABORT.
const XACT_DESC = /^(COMMIT|COMMIT_PREPARED|ABORT|ABORT_PREPARED) (?:\d+: )?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?) (\S+)(?:;|$)/;
const RESTORE_POINT_DESC = /^RESTORE_POINT (.*)$/;

/** One record line, or null for anything else (headers, "first record is after …", blank). */
export function parseWaldumpLine(line: string): WaldumpRecord | null {
  const m = RECORD_LINE.exec(line);
  if (!m) return null;
  const [, rmgr, rec, tot, xid, lsn, prev, desc] = m as unknown as [string, string, string, string, string, string, string, string];
  return {
    rmgr,
    recordLength: Number(rec),
    totalLength: Number(tot),
    xid: Number(xid),
    lsn: parseLsn(lsn),
    prevLsn: parseLsn(prev),
    desc: desc.trimEnd(),
  };
}

/** "2026-11-24 23:55:03.930891" in UTC → Date (millisecond precision, truncated). */
export function parseWaldumpTimestamp(text: string, zone: string): Date {
  if (zone !== "UTC") {
    throw new Error(`pg_waldump printed a time in zone "${zone}": run it with TZ=UTC so times are unambiguous.`);
  }
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new Error(`Not a pg_waldump timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac = ""] = m as unknown as string[];
  const ms = Number(frac.padEnd(6, "0").slice(0, 3));
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
}

export type XactKind = "commit" | "abort";

/** The end time of a Transaction record, or null when `r` is not a commit or abort. */
export function xactEnd(r: WaldumpRecord): { kind: XactKind; at: Date } | null {
  if (r.rmgr !== "Transaction") return null;
  const m = XACT_DESC.exec(r.desc);
  if (!m) return null;
  const [, what = "", time = "", zone = ""] = m;
  return { kind: what.startsWith("COMMIT") ? "commit" : "abort", at: parseWaldumpTimestamp(time, zone) };
}

/** The name of an XLOG RESTORE_POINT record, or null. */
export function restorePointName(r: WaldumpRecord): string | null {
  if (r.rmgr !== "XLOG") return null;
  const m = RESTORE_POINT_DESC.exec(r.desc);
  return m ? (m[1] ?? "") : null;
}

export interface WaldumpRestorePoint {
  name: string;
  /** Where the record starts (pg_waldump's "lsn"). */
  recordLsn: bigint;
  totalLength: number;
  /** The last commit before the record in this segment, and the first after it (either may be null). */
  commitBefore: Date | null;
  commitAfter: Date | null;
}

export interface WaldumpSummary {
  records: number;
  firstCommitAt: Date | null;
  lastCommitAt: Date | null;
  commits: number;
  restorePoints: WaldumpRestorePoint[];
}

/** Folds a whole dump's lines into what the catalog keeps about a segment. */
export function summarizeWaldump(lines: Iterable<string>): WaldumpSummary {
  const summary: WaldumpSummary = { records: 0, firstCommitAt: null, lastCommitAt: null, commits: 0, restorePoints: [] };
  let pendingAfter: WaldumpRestorePoint[] = [];
  for (const line of lines) {
    const r = parseWaldumpLine(line);
    if (!r) continue;
    summary.records++;
    const end = xactEnd(r);
    if (end?.kind === "commit") {
      summary.commits++;
      summary.firstCommitAt ??= end.at;
      summary.lastCommitAt = end.at;
      for (const rp of pendingAfter) rp.commitAfter = end.at;
      pendingAfter = [];
      continue;
    }
    const name = restorePointName(r);
    if (name !== null) {
      const rp: WaldumpRestorePoint = {
        name,
        recordLsn: r.lsn,
        totalLength: r.totalLength,
        commitBefore: summary.lastCommitAt,
        commitAfter: null,
      };
      summary.restorePoints.push(rp);
      pendingAfter.push(rp);
    }
  }
  return summary;
}

/**
 * pg_waldump ends with an error when a segment is not followed by the next one ("could not find
 * file"), or at the end of written WAL ("invalid record length", "invalid magic number"…). After
 * records were read, that is the end of this segment, not a failure.
 */
export function isNormalWaldumpEnd(stderr: string, recordsRead: number): boolean {
  if (recordsRead === 0) return false;
  const errors = stderr.split("\n").filter((l) => /error:/.test(l));
  if (errors.length === 0) return true;
  return errors.every((l) =>
    /could not find file|could not open file|error in WAL record at|invalid record length|invalid magic number|contrecord|record with incorrect prev-link|invalid record offset|out of memory while trying to decode a record of length 0/i.test(
      l,
    ),
  );
}

/** A relation's file as WAL names it: database OID (0 for shared catalogs) and relfilenode. */
export interface RelFile {
  database: number;
  relfilenode: number;
}

// "rel 1663/5/16384": tablespace/database/relfilenode of a block reference.
const BLOCK_REF = /\brel \d+\/(\d+)\/(\d+)\b/;
// Storage CREATE and the "rels:" list name files by path: base/5/16384, global/1262, or
// pg_tblspc/16385/PG_15_202209061/5/16384.
const REL_PATH = /^(?:base\/(\d+)\/(\d+)|global\/(\d+)|pg_tblspc\/\d+\/[^/]+\/(\d+)\/(\d+))$/;

/** A relation path as the Storage rmgr and commit records print it, or null. */
export function parseRelPath(text: string): RelFile | null {
  const m = REL_PATH.exec(text);
  if (!m) return null;
  if (m[3] !== undefined) return { database: 0, relfilenode: Number(m[3]) };
  return { database: Number(m[1] ?? m[4]), relfilenode: Number(m[2] ?? m[5]) };
}

/** The relation of a record's first block reference, or null when it has none. */
export function blockRel(r: WaldumpRecord): RelFile | null {
  const m = BLOCK_REF.exec(r.desc);
  return m ? { database: Number(m[1]), relfilenode: Number(m[2]) } : null;
}

/**
 * The lists a commit or abort record carries after its time: "subxacts: 735 736" (the committed,
 * or aborted, subtransactions of this xid) and "rels: base/5/16391 …" (files removed with it).
 */
export function xactLists(r: WaldumpRecord): { subxacts: number[]; rels: RelFile[] } {
  const out = { subxacts: [] as number[], rels: [] as RelFile[] };
  for (const part of r.desc.split("; ").slice(1)) {
    const m = /^(subxacts|rels): (.*)$/.exec(part);
    if (!m) continue;
    const items = (m[2] ?? "").trim().split(/\s+/).filter(Boolean);
    if (m[1] === "subxacts") out.subxacts = items.map(Number);
    else out.rels = items.map(parseRelPath).filter((x): x is RelFile => x !== null);
  }
  return out;
}
