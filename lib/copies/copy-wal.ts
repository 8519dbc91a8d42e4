import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { Repository } from "@/lib/storage/repository";
import { historyKey, walKey } from "@/lib/storage/layout";
import { copyObject } from "@/lib/copies/copy-object";
import type { CopyRun, CopyTarget } from "@/lib/copies/copy-run";
import { historyFileName } from "@/lib/domain/wal-segment";

// A run copies at most this many segments, oldest first; the supervisor queues the next run.
const BATCH = 500;

/**
 * The copy job's WAL phase for one copy repository: the timeline history files, then archived
 * segments not yet copied there, oldest first, each written immutably (a different file already
 * under that name is a loud failure, never overwritten) and re-read against the catalog's
 * checksum before its copy row is written.
 */
export async function copyWal(db: Db, run: CopyRun, target: CopyTarget, opts: { signal: AbortSignal; log: JobLog }): Promise<number> {
  const { clusterId } = run;
  const histories = await db.walHistory.findMany({ where: { clusterId }, select: { timeline: true, sha256: true } });
  for (const h of histories) {
    const key = historyKey(clusterId, historyFileName(h.timeline));
    await copyObject(run.primary, target.repo, key, { expectedSha256: h.sha256, immutable: true, signal: opts.signal });
  }
  // Below what this repository's retention trimmed, nothing is copied (again).
  const link = await db.clusterCopyRepository.findUnique({
    where: { clusterId_repositoryId: { clusterId, repositoryId: target.repositoryId } },
    select: { walKeptFromSegno: true },
  });
  const segments = await db.walSegment.findMany({
    where: { clusterId, segno: { gte: link?.walKeptFromSegno ?? 0n }, copies: { none: { repositoryId: target.repositoryId } } },
    select: { name: true, sha256: true, copies: { select: { repositoryId: true } } },
    orderBy: [{ timeline: "asc" }, { segno: "asc" }],
    take: BATCH,
  });
  for (const s of segments) {
    await copyObject(await walSource(run, s), target.repo, walKey(clusterId, s.name), {
      expectedSha256: s.sha256,
      immutable: true,
      signal: opts.signal,
    });
    await db.walSegmentCopy.create({ data: { clusterId, name: s.name, repositoryId: target.repositoryId } });
  }
  if (segments.length > 0) await opts.log(`copied ${segments.length} WAL segment(s) to ${target.name}`);
  return segments.length;
}

/**
 * Where a segment is read from: the primary, unless its retention removed it there while a copy
 * repository (whose own retention keeps it longer) still holds it.
 */
async function walSource(run: CopyRun, s: { name: string; copies: { repositoryId: string }[] }): Promise<Repository> {
  const key = walKey(run.clusterId, s.name);
  if (s.copies.length === 0 || (await run.primary.stat(key))) return run.primary;
  for (const { repositoryId } of s.copies) {
    const repo = run.targets.find((t) => t.repositoryId === repositoryId)?.repo;
    if (repo && (await repo.stat(key))) return repo;
  }
  return run.primary;
}
