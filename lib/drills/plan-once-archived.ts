import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db/client";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { AppError } from "@/lib/errors/app-error";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { restoreRepository } from "@/lib/restores/restore-repository";

const PLAN_WAIT_MS = 120_000;

/**
 * The drill's plan, as a restore would get it, once the archive holds the WAL the target needs
 * (and the segment `closed` on production for a "latest" drill). A drill from a copy repository
 * starts from the newest backup copied there, and waits for the copy job to bring the WAL to the
 * target there too.
 */
export async function planOnceArchived(
  db: Db,
  opts: {
    clusterId: string;
    target: RestoreTarget;
    closed: string | null;
    repositoryId: string | null;
    /** recovery_target_timeline asked for; absent: the latest. */
    timeline?: number;
    signal: AbortSignal;
  },
) {
  const { clusterId, target, closed } = opts;
  const until = Date.now() + PLAN_WAIT_MS;
  // The primary serves as it always did: the planner's backup, from whichever repository holds it.
  const { repositoryId: primary } = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { repositoryId: true } });
  const copy = opts.repositoryId !== primary ? opts.repositoryId : null;
  const mustHave = closed === null ? null : parseSegmentName(closed);
  for (;;) {
    const archived =
      mustHave === null || (await db.walSegment.count({ where: { clusterId, timeline: mustHave.timeline, segno: mustHave.segno } })) > 0;
    const { result } = await planForCluster(db, {
      clusterId,
      target,
      backupId: await newestBackupIn(db, clusterId, copy),
      timeline: opts.timeline,
    });
    const lacks = archived && result.ok ? await whatTheRepositoryLacks(db, clusterId, copy, result.plan) : null;
    if (archived && result.ok && lacks === null) return result.plan;
    if (Date.now() > until) {
      const why = !archived ? `WAL segment ${closed} has not reached the archive` : result.ok ? lacks : result.error.message;
      throw new Error(`No restore plan for the drill's target after ${PLAN_WAIT_MS / 1000} s: ${why}`);
    }
    await sleep(1_000, undefined, { signal: opts.signal });
  }
}

/** For a copy repository, the newest backup complete there; otherwise the planner chooses. */
async function newestBackupIn(db: Db, clusterId: string, copy: string | null): Promise<string | undefined> {
  if (copy === null) return undefined;
  const copied = await db.backupCopy.findFirst({
    where: { repositoryId: copy, status: "complete", backup: { clusterId, status: "complete" } },
    orderBy: { backup: { startedAt: "desc" } },
    select: { backupId: true },
  });
  return copied?.backupId;
}

/** Null when the copy repository holds the plan's backup and WAL (or there is no copy to read); what it lacks otherwise. */
async function whatTheRepositoryLacks(
  db: Db,
  clusterId: string,
  copy: string | null,
  plan: { backupId: string; timeline: number; targetLsn: bigint | null },
): Promise<string | null> {
  if (copy === null) return null;
  try {
    await restoreRepository(db, { clusterId, ...plan, requested: copy });
    return null;
  } catch (err) {
    if (err instanceof AppError && err.code === "not_ready") return err.message;
    throw err;
  }
}
