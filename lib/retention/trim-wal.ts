import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";
import { remainingWalCutoff } from "@/lib/retention/remaining-wal-cutoff";
import { removeWalBelow } from "@/lib/retention/remove-wal";

/**
 * The retention job's WAL phase: WAL below the oldest remaining backup's start removed, catalog
 * first (remove-wal.ts); a stopped plan keeps all of it.
 */
export async function trimWal(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; log: JobLog },
): Promise<{ files: number; bytes: bigint; keptBecause: string | null }> {
  const { clusterId, segmentSize } = run;
  const cutoff = await remainingWalCutoff(db, {
    clusterId,
    segmentSize,
    hold: run.plan.stopped ? "Retention is stopped: WAL is kept." : null,
  });
  const copies = await db.clusterCopyRepository.findMany({ where: { clusterId }, select: { repositoryId: true } });
  const repos = await Promise.all([run.repository.id, ...copies.map((c) => c.repositoryId)].map((id) => run.openRepository(id)));
  const wal = await removeWalBelow(db, {
    runId: opts.runId,
    clusterId,
    cutoff,
    segmentSize,
    repos,
    reason: "before the oldest retained backup",
  });
  await opts.log(
    cutoff.keptBecause ?? `removed ${wal.files} WAL file(s), ${wal.bytes} bytes, below segment number ${cutoff.keepFromSegno}`,
  );
  return { ...wal, keptBecause: cutoff.keptBecause };
}
