import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db/client";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { planForCluster } from "@/lib/restores/plan-for-cluster";

const PLAN_WAIT_MS = 120_000;

/**
 * The drill's plan, as a restore would get it, once the archive holds the WAL the target needs
 * (and the segment `closed` on production for a "latest" drill).
 */
export async function planOnceArchived(
  db: Db,
  opts: { clusterId: string; target: RestoreTarget; closed: string | null; signal: AbortSignal },
) {
  const { clusterId, target, closed } = opts;
  const until = Date.now() + PLAN_WAIT_MS;
  const mustHave = closed === null ? null : parseSegmentName(closed);
  for (;;) {
    const archived =
      mustHave === null || (await db.walSegment.count({ where: { clusterId, timeline: mustHave.timeline, segno: mustHave.segno } })) > 0;
    const { result } = await planForCluster(db, { clusterId, target });
    if (archived && result.ok) return result.plan;
    if (Date.now() > until) {
      throw new Error(
        `No restore plan for the drill's target after ${PLAN_WAIT_MS / 1000} s: ${archived ? (result.ok ? "" : result.error.message) : `WAL segment ${closed} has not reached the archive`}`,
      );
    }
    await sleep(1_000, undefined, { signal: opts.signal });
  }
}
