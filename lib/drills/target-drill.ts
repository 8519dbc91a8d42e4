import type { Db } from "@/lib/db/client";
import { formatLsn } from "@/lib/domain/lsn";
import type { RestorePlan } from "@/lib/domain/restore-plan-types";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import type { TableKey } from "@/lib/domain/row-counts";
import type { DrillRun } from "@/lib/drills/begin-drill";
import { recordDrillBackup, recordDrillFacts } from "@/lib/drills/drill-record";
import { planOnceArchived } from "@/lib/drills/plan-once-archived";
import { tableActivity } from "@/lib/drills/table-activity";
import { switchWal } from "@/lib/pg/switch-wal";
import { createRestorePoint } from "@/lib/restore-points/create-restore-point";

/**
 * The drill's target: a restore point created on production now (default), or the end of the
 * archive after production closed its current segment; planned exactly as a restore would be,
 * once the archive holds the WAL it needs, and its backup claimed against retention. Production's
 * per-table write counters are read here, to tell tables written after the target.
 */
export async function targetDrill(
  db: Db,
  run: DrillRun,
  opts: { secretKey: Buffer; signal: AbortSignal },
): Promise<{ plan: RestorePlan; activityAtTarget: Map<TableKey, number> }> {
  const { drill: d, log } = run;
  let target: RestoreTarget = { kind: "latest" };
  let closed: string | null = null;
  if (d.targetKind === "latest") {
    // Everything written so far should be in the archive the drill replays, not in the segment production is still filling.
    closed = await switchWal(run.production).catch(async (err: Error) => {
      await log(`could not switch WAL on production (${err.message}): the drill replays what is archived`);
      return null;
    });
  } else {
    const name = `wayback-drill-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}-${d.id.slice(0, 4)}`;
    const point = await createRestorePoint(db, { clusterId: d.clusterId, name, secretKey: opts.secretKey });
    target = { kind: "name", name };
    await recordDrillFacts(db, d.id, { restorePoint: name });
    await log(`created restore point ${name} at ${point.lsn} on production`);
  }
  const activityAtTarget = await tableActivity(run.production, opts.signal);
  const plan = await planOnceArchived(db, {
    clusterId: d.clusterId,
    target,
    closed,
    repositoryId: d.repositoryId,
    timeline: d.timeline ?? undefined,
    signal: opts.signal,
  });
  await recordDrillBackup(db, {
    id: d.id,
    clusterId: d.clusterId,
    backupId: plan.backupId,
    facts: { targetLsn: plan.targetLsn === null ? null : formatLsn(plan.targetLsn) },
  });
  await log(`plan: ${plan.reason}`);
  if (d.timeline !== null) await log(`recovery_target_timeline ${plan.timeline}, as asked`);
  return { plan, activityAtTarget };
}
