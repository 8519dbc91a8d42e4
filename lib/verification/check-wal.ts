import type { Db } from "@/lib/db/client";
import type { FileDigest, VerificationFinding } from "@/lib/domain/archive-verification";
import type { ChainBackup } from "@/lib/domain/archive-verification-chain";
import { verifyWalArchive, type WalObject } from "@/lib/domain/archive-verification-wal";
import { parseLsn } from "@/lib/domain/lsn";
import {
  DEFAULT_WAL_SEGMENT_SIZE,
  historyFileName,
  isHistoryFileName,
  isPartialName,
  isSegmentName,
  parseSegmentName,
} from "@/lib/domain/wal-segment";
import { historyKey, parseWalKey, walKey, walPrefix } from "@/lib/storage/layout";
import { prismaWalCatalog } from "@/lib/wal/catalog-prisma";
import { inspectWalSegment, InvalidWalFileError, LONG_PAGE_HEADER_SIZE } from "@/lib/wal/wal-file";
import type { ProgressMeter } from "@/lib/verification/progress-meter";
import type { BackupToCheck, VerificationPlan } from "@/lib/verification/plan-verification";
import { readObject } from "@/lib/verification/read-object";
import type { ResultRow } from "@/lib/verification/verification-record";

/** History files are a line per ancestor timeline: this is far more than any has. */
const MAX_HISTORY_BYTES = 1024 * 1024;

/**
 * The WAL archive, read back: every file's size and SHA-256, each segment's first page header;
 * then the pure checks (lib/domain/archive-verification-wal.ts) against what the catalog recorded
 * at push, and the chain each complete backup needs.
 */
export async function checkWal(opts: {
  db: Db;
  clusterId: string;
  wal: VerificationPlan["wal"];
  backups: BackupToCheck[];
  meter: ProgressMeter;
  signal: AbortSignal;
}): Promise<{ results: ResultRow[]; findings: VerificationFinding[] }> {
  const { db, clusterId, wal, meter, signal } = opts;
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const objects: WalObject[] = [];
  for (const listed of wal.objects) {
    const file = walFileOf(clusterId, listed.key);
    const plain = file !== null && file.compression === null;
    const isHistory = plain && isHistoryFileName(file.name);
    const hasHeader = plain && (isSegmentName(file.name) || isPartialName(file.name));
    const read = await readObject(wal.repo, listed.key, {
      headBytes: isHistory ? MAX_HISTORY_BYTES : hasHeader ? LONG_PAGE_HEADER_SIZE : 0,
      onBytes: (n) => meter.bytes(n),
      signal,
    });
    meter.file();
    const header =
      hasHeader && read.size === segmentSize
        ? inspectHeader(file.name, read.head, read.size, segmentSize)
        : { problem: null, systemIdentifier: null };
    objects.push({
      key: listed.key,
      name: file?.name ?? null,
      compression: file?.compression ?? null,
      size: read.size,
      sha256: read.sha256,
      headerProblem: header.problem,
      systemIdentifier: header.systemIdentifier,
      text: isHistory ? read.head.toString("utf8") : null,
    });
  }

  // Read after the files: a segment pushed while they were read is in the catalog by now, and one
  // pushed after the listing (archived_at later) is not expected in it.
  const listedNames = new Set(objects.map((o) => o.name));
  // A copy repository holds what the copy job recorded there (and a history file from its first
  // segment on that timeline: the copy job puts histories first).
  const copiedTimelines = new Set([...(wal.copied ?? [])].map((name) => parseSegmentName(name).timeline));
  const inRepository = (row: { archivedAt: Date }, name: string, timeline?: number) =>
    wal.copied === null ? row.archivedAt < wal.listedAt : timeline === undefined ? wal.copied.has(name) : copiedTimelines.has(timeline);
  const expected = (row: { archivedAt: Date }, name: string, timeline?: number) =>
    inRepository(row, name, timeline) || listedNames.has(name);
  const [segmentRows, historyRows, systemIdentifier] = await Promise.all([
    db.walSegment.findMany({ where: { clusterId }, select: { name: true, sizeBytes: true, sha256: true, archivedAt: true } }),
    db.walHistory.findMany({ where: { clusterId }, select: { timeline: true, content: true, sha256: true, archivedAt: true } }),
    prismaWalCatalog(db).systemIdentifier(clusterId),
  ]);
  const segments = new Map<string, FileDigest>(
    segmentRows.filter((r) => expected(r, r.name)).map((r) => [r.name, { size: Number(r.sizeBytes), sha256: r.sha256 }]),
  );
  const histories = new Map<number, FileDigest>(
    historyRows
      .filter((r) => expected(r, historyFileName(r.timeline), r.timeline))
      .map((r) => [r.timeline, { size: Buffer.byteLength(r.content), sha256: r.sha256 }]),
  );

  const checked = verifyWalArchive({
    objects,
    catalog: { segments, histories },
    systemIdentifier,
    backups: opts.backups.map(({ backup: b }) => chainBackup(b)).filter((b): b is ChainBackup => b !== null),
    segmentSize,
    keyOf: (name) => (isHistoryFileName(name) ? historyKey(clusterId, name) : walKey(clusterId, name)),
  });
  return {
    results: checked.ranges.map((r) => ({
      scope: "wal",
      timeline: r.timeline,
      firstSegment: r.first,
      lastSegment: r.last,
      files: r.files,
      bytes: r.bytes,
      findings: r.findings,
    })),
    findings: checked.findings,
  };
}

/** The WAL file a key stands for, if it is one Wayback archives to: a segment, .partial, .backup or history file in its place. */
function walFileOf(clusterId: string, key: string): { name: string; compression: string | null } | null {
  const parsed = parseWalKey(key);
  if (parsed) return { name: parsed.segmentName, compression: parsed.compression };
  const name = key.slice(walPrefix(clusterId).length);
  return isHistoryFileName(name) ? { name, compression: null } : null;
}

function inspectHeader(
  name: string,
  head: Buffer,
  size: number,
  segmentSize: number,
): { problem: string | null; systemIdentifier: string | null } {
  try {
    return { problem: null, systemIdentifier: inspectWalSegment(name, head, size, { segmentSize }).systemIdentifier };
  } catch (err) {
    if (err instanceof InvalidWalFileError) return { problem: err.message, systemIdentifier: null };
    throw err;
  }
}

/** Every Wayback backup is pg_basebackup -X stream: it carries the WAL from its start to its stop. */
function chainBackup(b: BackupToCheck["backup"]): ChainBackup | null {
  if (!b.startLsn || !b.stopLsn || b.timeline === null) return null;
  return { id: b.id, label: b.label, timeline: b.timeline, startLsn: parseLsn(b.startLsn), stopLsn: parseLsn(b.stopLsn), carriesWal: true };
}
