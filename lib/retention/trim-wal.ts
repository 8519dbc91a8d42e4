import type { Db } from "@/lib/db/client";
import { cutoffServingCopies } from "@/lib/domain/wal-retention";
import type { JobLog } from "@/lib/jobs/job-log";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";
import { remainingWalCutoff } from "@/lib/retention/remaining-wal-cutoff";
import { removeWalBelow } from "@/lib/retention/remove-wal";
import { trimCopyWal } from "@/lib/retention/trim-copy-wal";

const STOPPED = "Retention is stopped: WAL is kept.";
const REASON = "before the oldest retained backup";

/**
 * The retention job's WAL phase, per repository: each copy repository loses the WAL below its own
 * oldest remaining backup's start, then the primary the WAL below its own, except segments a copy
 * repository still needs and has not received (the copy job reads them from the primary). A
 * repository whose plan is stopped keeps all of its WAL.
 */
export async function trimWal(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; log: JobLog },
): Promise<{ files: number; bytes: bigint; keptBecause: string | null }> {
  const { clusterId, segmentSize } = run;
  let files = 0;
  let bytes = 0n;
  const lowestLacking: (bigint | null)[] = [];
  const own = await remainingWalCutoff(db, { clusterId, segmentSize, hold: run.plan.stopped ? STOPPED : null });
  for (const copy of run.copies) {
    const cutoff = await remainingWalCutoff(db, {
      clusterId,
      segmentSize,
      hold: copy.plan.stopped ? STOPPED : null,
      copy: copy.repositoryId,
    });
    const repo = await run.openRepository(copy.repositoryId);
    const wal = await trimCopyWal(db, {
      runId: opts.runId,
      clusterId,
      repositoryId: copy.repositoryId,
      name: copy.name,
      repo,
      cutoff,
      segmentSize,
      reason: REASON,
    });
    files += wal.files;
    bytes += wal.bytes;
    await opts.log(
      cutoff.keptBecause
        ? `${copy.name}: ${cutoff.keptBecause}`
        : `${copy.name}: removed ${wal.files} WAL file(s) below segment number ${cutoff.keepFromSegno}`,
    );
    if (own.keepFromSegno !== null) {
      // What the copy job will still bring there: from the copy's cutoff, and never below what it trimmed.
      const link = await db.clusterCopyRepository.findUniqueOrThrow({
        where: { clusterId_repositoryId: { clusterId, repositoryId: copy.repositoryId } },
        select: { walKeptFromSegno: true },
      });
      const from = [cutoff.keepFromSegno ?? 0n, link.walKeptFromSegno ?? 0n].reduce((a, b) => (a > b ? a : b));
      const lacking = await db.walSegment.findFirst({
        where: {
          clusterId,
          segno: { gte: from, lt: own.keepFromSegno },
          copies: { none: { repositoryId: copy.repositoryId } },
        },
        orderBy: { segno: "asc" },
        select: { segno: true },
      });
      lowestLacking.push(lacking?.segno ?? null);
    }
  }
  const cutoff = cutoffServingCopies(own, lowestLacking);
  const wal = await removeWalBelow(db, {
    runId: opts.runId,
    clusterId,
    cutoff,
    segmentSize,
    repos: [await run.openRepository(run.repository.id)],
    reason: REASON,
  });
  await opts.log(
    cutoff.keptBecause ??
      `${run.repository.name}: removed ${wal.files} WAL file(s), ${wal.bytes} bytes, below segment number ${cutoff.keepFromSegno}`,
  );
  return { files: files + wal.files, bytes: bytes + wal.bytes, keptBecause: cutoff.keptBecause };
}
