import type { Db } from "@/lib/db/client";
import type { RetentionRun } from "@/lib/db/generated/client";

/** The catalog row of one retention run; a retried job continues the row its first attempt made. */
export function startRetentionRun(db: Db, opts: { clusterId: string; jobId: string }): Promise<RetentionRun> {
  return db.retentionRun.upsert({
    where: { jobId: opts.jobId },
    create: { clusterId: opts.clusterId, jobId: opts.jobId },
    update: { status: "running", error: null, finishedAt: null },
  });
}

export async function finishRetentionRun(
  db: Db,
  id: string,
  outcome: {
    stopped: string | null;
    walKeptBecause: string | null;
    backupsExpired: number;
    dumpsExpired: number;
    walFilesRemoved: number;
    bytesRemoved: bigint;
  },
): Promise<void> {
  await db.retentionRun.update({ where: { id }, data: { ...outcome, status: "finished", finishedAt: new Date() } });
}

export async function failRetentionRun(db: Db, id: string, error: string): Promise<void> {
  await db.retentionRun.update({ where: { id }, data: { status: "failed", error, finishedAt: new Date() } });
}

/** A run that had nothing to do (no policy, no backup yet…): finished, saying why in both places. */
export function finishIdleRetentionRun(db: Db, id: string, why: string): Promise<void> {
  return finishRetentionRun(db, id, {
    stopped: why,
    walKeptBecause: why,
    backupsExpired: 0,
    dumpsExpired: 0,
    walFilesRemoved: 0,
    bytesRemoved: 0n,
  });
}
