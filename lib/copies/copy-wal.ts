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
 * checksum before its copy row is written. A segment whose row retention removed meanwhile (its
 * file may be gone too) is skipped, and what was written of it here removed: no row would claim it.
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
  let copied = 0;
  let expired = 0;
  for (const s of segments) {
    const key = walKey(clusterId, s.name);
    try {
      await copyObject(await walSource(run, s), target.repo, key, { expectedSha256: s.sha256, immutable: true, signal: opts.signal });
      await db.walSegmentCopy.create({ data: { clusterId, name: s.name, repositoryId: target.repositoryId } });
      copied++;
    } catch (err) {
      // Whatever failed (the file gone at the source, the copy row's foreign key), a segment still
      // in the catalog is a real failure; one retention removed is not.
      const stillThere = await db.walSegment.findUnique({ where: { clusterId_name: { clusterId, name: s.name } }, select: { name: true } });
      if (stillThere) throw err;
      await target.repo.remove(key);
      expired++;
    }
  }
  if (copied > 0) await opts.log(`copied ${copied} WAL segment(s) to ${target.name}`);
  if (expired > 0) await opts.log(`skipped ${expired} WAL segment(s) that retention removed while they were being copied`);
  return copied;
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
