/**
 * Reads an archived segment with pg_waldump to map wall-clock time to WAL: the first and last
 * commit time of the segment (WalSegment.firstCommitAt/lastCommitAt, for recovery_target_time),
 * the named restore points in it (RestorePoint rows, for recovery_target_name), and what its
 * transactions did (lib/domain/wal-activity: rows per relation, truncates and drops; continuing
 * the transactions the segment before left open). Worker-side.
 *
 * pg_waldump (PostgreSQL 15) takes --rmgr more than once; a single file argument dumps that
 * segment only, to its end. It runs with TZ=UTC so its times are unambiguous, on a copy of the
 * segment alone in a scratch directory so it can never wander into a neighbour.
 *
 * A restore point's `lsn` is the end of its record, the value pg_create_restore_point() returned
 * (pg_waldump prints the start); its `createdAt` is the record's own rp_time, read from the
 * segment's bytes because pg_waldump does not print it.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { formatLsn, parseLsn } from "@/lib/domain/lsn";
import { createActivityFold, type ActivityFold } from "@/lib/domain/wal-activity";
import { isNormalWaldumpEnd, parseWaldumpLine, summarizeWaldump, type WaldumpSummary } from "@/lib/domain/waldump-output";
import { isSegmentName, segmentName, segmentStartLsn } from "@/lib/domain/wal-segment";
import type { Db, DbClient } from "@/lib/db/client";
import type { PgBinaries } from "@/lib/pg/binaries";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import type { Repository } from "@/lib/storage/repository";
import { carriedInto, recordSegmentActivity } from "@/lib/wal-activity/segment-activity";
import { fetchWalFile } from "./fetch-wal-file";
import { inspectWalSegment, LONG_PAGE_HEADER_SIZE, readRestorePointTime, recordEndLsn, type WalSegmentInfo } from "./wal-file";

export interface IndexedRestorePoint {
  name: string;
  lsn: string;
  timeline: number;
  createdAt: Date;
}

export interface IndexSegmentResult {
  name: string;
  records: number;
  commits: number;
  firstCommitAt: Date | null;
  lastCommitAt: Date | null;
  restorePoints: IndexedRestorePoint[];
  /** Committed transactions kept one by one (wal_transactions). */
  notableTransactions: number;
}

export interface IndexSegmentOptions {
  db: Db;
  repo: Repository;
  bins: PgBinaries;
  /** Defaults to the major that wrote the segment (its page magic). */
  serverMajor?: number;
  clusterId: string;
  name: string;
  /** A directory this process may write; a private subdirectory is made and removed in it. */
  scratchDir: string;
  signal?: AbortSignal;
  /** Another engine's archive (pgBackRest: archive-get) instead of `repo`'s WAL files. */
  fetchWal?: (name: string, destPath: string) => Promise<void>;
}

/** A segment into `destPath`: from the engine's archive when it keeps its own, else from `repo` against its recorded SHA-256. */
async function fetchSegment(opts: IndexSegmentOptions, name: string, destPath: string, expectedSha256: string): Promise<void> {
  if (opts.fetchWal) return opts.fetchWal(name, destPath);
  await fetchWalFile({ repo: opts.repo, clusterId: opts.clusterId, name, destPath, expectedSha256, signal: opts.signal });
}

const WALDUMP_TIMEOUT_MS = 5 * 60_000;

/**
 * A record that starts at the end of a segment and ends in the next is printed by pg_waldump only
 * when it can read the next file up to that record's end: `end` (xlp_rem_len of the next
 * segment's first page tells how far). Records from `segmentEnd` on are left out.
 */
export interface Continuation {
  nextFile: string;
  end: bigint;
  segmentEnd: bigint;
}

function startsAtOrAfter(line: string, lsn: bigint): boolean {
  const r = parseWaldumpLine(line);
  return r !== null && r.lsn >= lsn;
}

// The row-changing (Heap, Heap2), file (Storage) and running-transactions (Standby) records too.
const ACTIVITY_RMGRS = ["--rmgr=Heap", "--rmgr=Heap2", "--rmgr=Storage", "--rmgr=Standby"];

/**
 * Runs pg_waldump on one segment file and folds its output (exported for tests and tools); with
 * `activity`, every record also goes through that fold.
 */
export async function dumpSegment(
  bins: PgBinaries,
  serverMajor: number,
  file: string,
  signal?: AbortSignal,
  more: { activity?: ActivityFold; continuation?: Continuation } = {},
): Promise<WaldumpSummary> {
  const { activity, continuation } = more;
  const program = await bins.pathForServer("pg_waldump", serverMajor);
  let records = 0;
  // Only the lines that matter are kept: a segment full of FPI records is thousands of lines.
  const kept: string[] = [];
  const rmgrs = ["--rmgr=Transaction", "--rmgr=XLOG", ...(activity ? ACTIVITY_RMGRS : [])];
  try {
    const files = continuation ? [file, continuation.nextFile, `--end=${formatLsn(continuation.end)}`] : [file];
    await runProcess(program, [...rmgrs, ...files], {
      env: { TZ: "UTC" },
      signal,
      timeoutMs: WALDUMP_TIMEOUT_MS,
      onStdoutLine: (line) => {
        if (!line.startsWith("rmgr: ")) return;
        // Records starting in the next segment are that segment's (it is indexed on its own).
        if (continuation && startsAtOrAfter(line, continuation.segmentEnd)) return;
        records++;
        if (line.startsWith("rmgr: Transaction") || line.includes("desc: RESTORE_POINT ")) kept.push(line);
        const r = activity && parseWaldumpLine(line);
        if (r) activity.add(r);
      },
    });
  } catch (err) {
    if (!(err instanceof ProcessError) || err.aborted || err.timedOut || err.code === null) throw err;
    if (!isNormalWaldumpEnd(err.stderrTail, records)) throw err;
  }
  return { ...summarizeWaldump(kept), records };
}

export async function indexSegment(opts: IndexSegmentOptions): Promise<IndexSegmentResult> {
  const { db, bins, serverMajor, clusterId, name, signal } = opts;
  if (!isSegmentName(name)) throw new Error(`Only complete WAL segments are indexed, not ${JSON.stringify(name)}.`);
  const dir = await mkdtemp(path.join(opts.scratchDir, "wayback-waldump-"));
  try {
    const file = path.join(dir, name);
    const row = await db.walSegment.findUnique({
      where: { clusterId_name: { clusterId, name } },
      select: { sha256: true, archivedAt: true },
    });
    if (!row) throw new Error(`WAL segment ${name} of cluster ${clusterId} is not in the catalog: push it before indexing it.`);
    await fetchSegment(opts, name, file, row.sha256);
    const bytes = await readFile(file);
    const info = inspectWalSegment(name, bytes.subarray(0, 40), bytes.length);
    if (serverMajor !== undefined && info.pgMajor !== serverMajor) {
      throw new Error(
        `WAL segment ${name} was written by PostgreSQL ${info.pgMajor}, not ${serverMajor}: pg_waldump ${serverMajor} cannot read it.`,
      );
    }
    const fold = createActivityFold(await carriedInto(db, clusterId, info.timeline, info.segno));
    const continuation = await continuationOf(opts, info, dir);
    const summary = await dumpSegment(bins, info.pgMajor, file, signal, { activity: fold, continuation });
    const activity = fold.finish();
    const start = segmentStartLsn(info.segno, info.segmentSize);

    const restorePoints: IndexedRestorePoint[] = summary.restorePoints.map((rp) => ({
      name: rp.name,
      lsn: formatLsn(recordEndLsn(rp.recordLsn, rp.totalLength, info.segmentSize, info.blockSize)),
      timeline: info.timeline,
      createdAt: readRestorePointTime(bytes, start, rp.recordLsn, info.blockSize) ?? rp.commitBefore ?? rp.commitAfter ?? row.archivedAt,
    }));

    const { notable } = await db.$transaction(async (tx) => {
      const recorded = await recordSegmentActivity(tx, { clusterId, name, timeline: info.timeline, ...activity });
      await tx.walSegment.update({
        where: { clusterId_name: { clusterId, name } },
        data: { firstCommitAt: summary.firstCommitAt, lastCommitAt: summary.lastCommitAt, indexedAt: new Date() },
      });
      return recorded;
    });
    for (const rp of restorePoints) await recordRestorePoint(db, clusterId, rp);

    return {
      name,
      records: summary.records,
      commits: summary.commits,
      firstCommitAt: summary.firstCommitAt,
      lastCommitAt: summary.lastCommitAt,
      restorePoints,
      notableTransactions: notable,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * When the next segment is archived and its first page continues a record from this one, that
 * record belongs to this segment: the next file is fetched so pg_waldump can read it whole.
 */
async function continuationOf(opts: IndexSegmentOptions, info: WalSegmentInfo, dir: string): Promise<Continuation | undefined> {
  const { db, clusterId } = opts;
  const nextName = segmentName(info.timeline, info.segno + 1n, info.segmentSize);
  const next = await db.walSegment.findUnique({ where: { clusterId_name: { clusterId, name: nextName } }, select: { sha256: true } });
  if (!next) return undefined;
  const nextFile = path.join(dir, nextName);
  await fetchSegment(opts, nextName, nextFile, next.sha256);
  const head = await readFile(nextFile).then((b) => b.subarray(0, LONG_PAGE_HEADER_SIZE));
  const remaining = head.readUInt32LE(16);
  if (remaining === 0) return undefined;
  const nextStart = segmentStartLsn(info.segno + 1n, info.segmentSize);
  const end = recordEndLsn(nextStart + BigInt(LONG_PAGE_HEADER_SIZE), remaining, info.segmentSize, info.blockSize);
  const nextEnd = segmentStartLsn(info.segno + 2n, info.segmentSize);
  return { nextFile, end: end < nextEnd ? end : nextEnd, segmentEnd: nextStart };
}

/**
 * PostgreSQL lets a restore-point name be used twice; recovery_target_name stops at the first one
 * replay meets, so the catalog keeps the earliest (on the lowest timeline, then the lowest LSN).
 * Indexing the same segment again changes nothing.
 */
async function recordRestorePoint(db: DbClient, clusterId: string, rp: IndexedRestorePoint): Promise<void> {
  const existing = await db.restorePoint.findUnique({ where: { clusterId_name: { clusterId, name: rp.name } } });
  if (!existing) {
    await db.restorePoint.createMany({ data: [{ clusterId, ...rp }], skipDuplicates: true });
    return;
  }
  const earlier = rp.timeline < existing.timeline || (rp.timeline === existing.timeline && parseLsn(rp.lsn) < parseLsn(existing.lsn));
  if (earlier) await db.restorePoint.update({ where: { clusterId_name: { clusterId, name: rp.name } }, data: rp });
}
