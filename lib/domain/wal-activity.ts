/**
 * What transactions did, read from pg_waldump's lines (PostgreSQL 15 format, see waldump-output):
 * per transaction the rows it inserted, updated and deleted in each relation file, and the files
 * it truncated, dropped or rewrote; ended by its COMMIT or ABORT record.
 *
 * - Heap INSERT is one row, Heap2 MULTI_INSERT "N tuples" is N; UPDATE and HOT_UPDATE one updated
 *   row; DELETE one deleted row.
 * - Subtransactions count toward their top transaction: the COMMIT (or ABORT) record of the top xid
 *   lists every subtransaction that ended with it ("subxacts: …"), which is all that is needed to
 *   join them, also across segments (ASSIGNMENT records say the same, earlier, and are not needed).
 *   A savepoint rolled back has its own ABORT record and is reported as an aborted transaction.
 * - TRUNCATE, VACUUM FULL, CLUSTER and ALTER TABLE … TYPE give a relation a new file and drop the old
 *   one at commit (the "rels:" list); DROP TABLE drops it without a new one. A dropped file is a
 *   "drop" when the transaction created no file, a "truncate" when the files it created stayed empty
 *   (or a Heap TRUNCATE record says so, at wal_level=logical), a "rewrite" otherwise. A VACUUM FULL
 *   of a one-page table without indexes writes no more than an empty rebuilt index does, and is
 *   reported as a truncate (no rows are lost either way).
 * - Only user relations count: files numbered below FirstNormalObjectId are the system catalogs'
 *   own, and their rows are DDL bookkeeping, not data.
 * - A transaction still open at the end of a segment is carried (OpenXact, plain JSON) into the
 *   next segment's fold. A crashed server writes no ABORT for what was running: a RUNNING_XACTS
 *   record's oldestRunningXid ends anything older that is still open, silently.
 */
import { blockRel, parseRelPath, xactEnd, xactLists, type RelFile, type WaldumpRecord } from "./waldump-output";

/** FirstNormalObjectId: the first OID (and relfilenode) PostgreSQL hands out to user objects. */
export const FIRST_USER_RELFILENODE = 16384;

export interface RelationChange extends RelFile {
  inserted: number;
  updated: number;
  deleted: number;
}

export type RelationEventKind = "truncate" | "drop" | "rewrite";

export interface RelationEvent extends RelFile {
  kind: RelationEventKind;
}

/** A transaction not ended yet: what it did so far. Plain JSON, stored between segments. */
export interface OpenXact {
  xid: number;
  changes: RelationChange[];
  /** Files it created (Storage CREATE), and those of them that got pages written. */
  created: RelFile[];
  filled: RelFile[];
  truncateRecord: boolean;
}

export type XactStatus = "committed" | "aborted";

export interface EndedXact {
  xid: number;
  status: XactStatus;
  endedAt: Date;
  /** Where its COMMIT or ABORT record starts. */
  lsn: bigint;
  subxacts: number[];
  /** Its own and its subtransactions' changes, user relations only, in file order. */
  changes: RelationChange[];
  events: RelationEvent[];
}

export interface ActivityFold {
  add(r: WaldumpRecord): void;
  finish(): { ended: EndedXact[]; open: OpenXact[] };
}

const relKey = (r: RelFile) => `${r.database}/${r.relfilenode}`;
const isUserRel = (r: RelFile) => r.relfilenode >= FIRST_USER_RELFILENODE;

/** TransactionIdPrecedes for normal xids: a is older than b, modulo 2^32. */
export function xidPrecedes(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

// The Heap and Heap2 records that change rows, and how many rows each one changes.
const HEAP_CHANGE = /^(INSERT|UPDATE|HOT_UPDATE|DELETE)(?:\+INIT)? /;
const MULTI_INSERT = /^MULTI_INSERT(?:\+INIT)? (\d+) tuples/;
const COMMIT_PREPARED = /^(?:COMMIT|ABORT)_PREPARED (\d+):/;
const RUNNING_XACTS = /^RUNNING_XACTS nextXid \d+ latestCompletedXid \d+ oldestRunningXid (\d+)/;
const STORAGE_CREATE = /^CREATE (\S+)$/;
const PAST_FIRST_BLOCK = /\bblk [1-9]\d*\b/;

/** Starts a fold over one segment's records, continuing the transactions `carried` left open. */
export function createActivityFold(carried: OpenXact[] = []): ActivityFold {
  const open = new Map<number, OpenXact>();
  for (const x of carried) open.set(x.xid, structuredClone(x));
  // Which open transaction created a file, so a page written to it marks it filled.
  const creator = new Map<string, OpenXact>();
  for (const x of open.values()) for (const f of x.created) creator.set(relKey(f), x);
  const ended: EndedXact[] = [];

  const xact = (xid: number): OpenXact => {
    let x = open.get(xid);
    if (!x) {
      x = { xid, changes: [], created: [], filled: [], truncateRecord: false };
      open.set(xid, x);
    }
    return x;
  };

  const count = (r: WaldumpRecord, field: "inserted" | "updated" | "deleted", n: number) => {
    const rel = blockRel(r);
    if (!rel || !isUserRel(rel) || r.xid === 0) return;
    const x = xact(r.xid);
    let c = x.changes.find((c) => c.database === rel.database && c.relfilenode === rel.relfilenode);
    if (!c) {
      c = { ...rel, inserted: 0, updated: 0, deleted: 0 };
      x.changes.push(c);
    }
    c[field] += n;
  };

  // A new file is filled by rows (Heap, Heap2) or by pages past its first: a rebuilt empty index
  // has its metapage (block 0) written too, and that is still a truncate.
  const markFilled = (r: WaldumpRecord) => {
    const rel = blockRel(r);
    if (!rel) return;
    if (r.rmgr !== "Heap" && r.rmgr !== "Heap2" && !PAST_FIRST_BLOCK.test(r.desc)) return;
    const owner = creator.get(relKey(rel));
    if (owner && !owner.filled.some((f) => relKey(f) === relKey(rel))) owner.filled.push(rel);
  };

  const end = (r: WaldumpRecord, xid: number, at: { kind: "commit" | "abort"; at: Date }) => {
    const { subxacts, rels } = xactLists(r);
    const parts = [xid, ...subxacts].map((id) => open.get(id)).filter((x): x is OpenXact => x !== undefined);
    for (const id of [xid, ...subxacts]) open.delete(id);
    for (const p of parts) for (const f of p.created) creator.delete(relKey(f));
    const changes = mergeChanges(parts.flatMap((p) => p.changes));
    const events = at.kind === "commit" ? dropEvents(rels, parts) : [];
    ended.push({ xid, status: at.kind === "commit" ? "committed" : "aborted", endedAt: at.at, lsn: r.lsn, subxacts, changes, events });
  };

  return {
    add(r) {
      markFilled(r);
      if (r.rmgr === "Heap" || r.rmgr === "Heap2") {
        const multi = MULTI_INSERT.exec(r.desc);
        if (multi) return count(r, "inserted", Number(multi[1]));
        const op = HEAP_CHANGE.exec(r.desc)?.[1];
        if (op === "INSERT") count(r, "inserted", 1);
        else if (op === "UPDATE" || op === "HOT_UPDATE") count(r, "updated", 1);
        else if (op === "DELETE") count(r, "deleted", 1);
        else if (r.desc.startsWith("TRUNCATE ") && r.xid !== 0) xact(r.xid).truncateRecord = true;
        return;
      }
      if (r.rmgr === "Storage") {
        const file = STORAGE_CREATE.exec(r.desc)?.[1];
        const rel = file ? parseRelPath(file) : null;
        if (rel && r.xid !== 0) {
          const x = xact(r.xid);
          x.created.push(rel);
          creator.set(relKey(rel), x);
        }
        return;
      }
      if (r.rmgr === "Standby") {
        const oldest = RUNNING_XACTS.exec(r.desc)?.[1];
        if (oldest === undefined) return;
        for (const x of [...open.values()]) {
          if (!xidPrecedes(x.xid, Number(oldest))) continue;
          open.delete(x.xid);
          for (const f of x.created) creator.delete(relKey(f));
        }
        return;
      }
      const at = xactEnd(r);
      if (!at) return;
      const prepared = COMMIT_PREPARED.exec(r.desc)?.[1];
      end(r, prepared !== undefined ? Number(prepared) : r.xid, at);
    },
    finish() {
      return { ended, open: [...open.values()].filter((x) => x.changes.length > 0 || x.created.length > 0 || x.truncateRecord) };
    },
  };
}

function mergeChanges(all: RelationChange[]): RelationChange[] {
  const by = new Map<string, RelationChange>();
  for (const c of all) {
    const m = by.get(relKey(c));
    if (m) {
      m.inserted += c.inserted;
      m.updated += c.updated;
      m.deleted += c.deleted;
    } else by.set(relKey(c), { ...c });
  }
  return [...by.values()].sort((a, b) => a.database - b.database || a.relfilenode - b.relfilenode);
}

function dropEvents(rels: RelFile[], parts: OpenXact[]): RelationEvent[] {
  const created = parts.flatMap((p) => p.created);
  const filled = parts.some((p) => p.filled.length > 0);
  const truncated = parts.some((p) => p.truncateRecord);
  const kind: RelationEventKind = created.length === 0 ? "drop" : truncated || !filled ? "truncate" : "rewrite";
  return rels.filter(isUserRel).map((r) => ({ ...r, kind }));
}

export type StatementKind = "drop" | "truncate" | "rewrite" | "delete" | "update" | "insert";

/** What a transaction did, most destructive first: the kinds the list shows and filters on. */
export function statementKinds(x: Pick<EndedXact, "changes" | "events">): StatementKind[] {
  const kinds: StatementKind[] = [];
  for (const k of ["drop", "truncate", "rewrite"] as const) if (x.events.some((e) => e.kind === k)) kinds.push(k);
  if (x.changes.some((c) => c.deleted > 0)) kinds.push("delete");
  if (x.changes.some((c) => c.updated > 0)) kinds.push("update");
  if (x.changes.some((c) => c.inserted > 0)) kinds.push("insert");
  return kinds;
}

export function rowTotals(changes: RelationChange[]): { inserted: number; updated: number; deleted: number } {
  return changes.reduce((t, c) => ({ inserted: t.inserted + c.inserted, updated: t.updated + c.updated, deleted: t.deleted + c.deleted }), {
    inserted: 0,
    updated: 0,
    deleted: 0,
  });
}

/**
 * Transactions the catalog keeps one by one: any that truncated, dropped or rewrote a relation, or
 * updated or deleted at least this many rows. Everything else (an OLTP workload's millions of
 * small transactions) is kept only in the per-minute totals.
 */
export const NOTABLE_ROWS = 10;

export function isNotable(x: EndedXact): boolean {
  if (x.status !== "committed") return false;
  if (x.events.length > 0) return true;
  const t = rowTotals(x.changes);
  return t.updated + t.deleted >= NOTABLE_ROWS;
}

export interface MinuteActivity extends RelFile {
  minute: Date;
  inserted: number;
  updated: number;
  deleted: number;
  truncates: number;
  drops: number;
  rewrites: number;
}

/** Committed changes per minute (of the commit) and relation file: the picture's data. */
export function minuteActivity(ended: EndedXact[]): MinuteActivity[] {
  const by = new Map<string, MinuteActivity>();
  const at = (minute: Date, rel: RelFile) => {
    const key = `${minute.getTime()}|${relKey(rel)}`;
    let m = by.get(key);
    if (!m) {
      m = {
        minute,
        database: rel.database,
        relfilenode: rel.relfilenode,
        inserted: 0,
        updated: 0,
        deleted: 0,
        truncates: 0,
        drops: 0,
        rewrites: 0,
      };
      by.set(key, m);
    }
    return m;
  };
  for (const x of ended) {
    if (x.status !== "committed") continue;
    const minute = new Date(Math.floor(x.endedAt.getTime() / 60_000) * 60_000);
    for (const c of x.changes) {
      const m = at(minute, c);
      m.inserted += c.inserted;
      m.updated += c.updated;
      m.deleted += c.deleted;
    }
    for (const e of x.events) {
      const m = at(minute, e);
      if (e.kind === "truncate") m.truncates++;
      else if (e.kind === "drop") m.drops++;
      else m.rewrites++;
    }
  }
  return [...by.values()];
}
