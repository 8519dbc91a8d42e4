import type { Db } from "@/lib/db/client";
import type { CopyBase } from "@/lib/engines/engine";
import type { PortRange } from "@/lib/domain/port-range";
import type { RestorePlan } from "@/lib/domain/restore-plan-types";
import type { DrillRun } from "@/lib/drills/begin-drill";
import { recordDrillFacts } from "@/lib/drills/drill-record";
import { backupIn } from "@/lib/restores/begin-copy-run";
import { copyLogins } from "@/lib/restores/copy-logins";
import { destinationFor } from "@/lib/restores/destination";
import type { RecoveredCopy } from "@/lib/restores/recover-copy";
import { recoverRecordedCopy } from "@/lib/restores/recover-recorded-copy";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { CliInvocation } from "@/lib/wal/cli-commands";

/**
 * Restore base (from the repository the drill was asked to read), configure (archive_mode off: a
 * throwaway copy never archives), replay to the planned target and promote, into the drill's
 * empty directory; the base's and the replay's
 * times and sizes are recorded on the drill, its measured recovery time.
 */
export async function recoverDrill(
  db: Db,
  run: DrillRun,
  opts: {
    plan: RestorePlan;
    cli: CliInvocation;
    storage: StorageAccess;
    ports: PortRange;
    signal: AbortSignal;
    progress: Parameters<typeof recoverRecordedCopy>[0]["progress"];
    /** A pgBackRest cluster's base (decision 0029). */
    engineBase?: CopyBase;
  },
): Promise<RecoveredCopy> {
  const { plan } = opts;
  const { spec } = run;
  await destinationFor("new_instance", spec).prepare();
  run.made = true;
  const [backup, copyLink] = await Promise.all([
    db.backup.findUniqueOrThrow({ where: { id: plan.backupId }, include: { files: true, repository: true } }),
    // A copy repository of the cluster, when the drill reads one (the primary: the backup's own).
    run.drill.repositoryId
      ? db.clusterCopyRepository.findUnique({
          where: { clusterId_repositoryId: { clusterId: run.drill.clusterId, repositoryId: run.drill.repositoryId } },
          select: { repository: true },
        })
      : null,
  ]);
  const copy = await recoverRecordedCopy({
    db,
    cli: opts.cli,
    storage: opts.storage,
    backup: backupIn(backup, copyLink?.repository ?? null),
    spec,
    target: { target: plan.recovery.target, value: plan.recovery.value, inclusive: plan.recovery.inclusive },
    targetLsn: plan.targetLsn,
    timeline: plan.timeline,
    pauseAtTarget: false,
    archiveOff: true,
    hba: "trust-socket",
    login: copyLogins("new_instance", spec, run.production).watch,
    ports: opts.ports,
    record: (tx, facts) => recordDrillFacts(tx, run.drill.id, facts),
    signal: opts.signal,
    progress: opts.progress,
    log: run.log,
    engineBase: opts.engineBase,
  });
  await recordDrillFacts(db, run.drill.id, { replayMs: copy.replayMs, walBytes: copy.walBytes, reachedLsn: copy.outcome.replayLsn });
  return copy;
}
