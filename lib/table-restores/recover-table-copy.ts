import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import type { PortRange } from "@/lib/domain/port-range";
import { assertReachedEnd } from "@/lib/domain/recovery-end";
import type { RecoveryTargetSpec } from "@/lib/domain/recovery-settings";
import { backupIn } from "@/lib/restores/begin-copy-run";
import { copyLogins } from "@/lib/restores/copy-logins";
import { destinationFor } from "@/lib/restores/destination";
import { recoverRecordedCopy } from "@/lib/restores/recover-recorded-copy";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { TableRestoreRun } from "@/lib/table-restores/begin-table-restore";
import { recordTableRestoreFacts } from "@/lib/table-restores/table-restore-record";
import type { CliInvocation } from "@/lib/wal/cli-commands";

/**
 * The throwaway copy, as a drill makes it: restore base from the planned repository, configure
 * (archive_mode off, its private socket trusted), replay to the recorded target with WAL fetched
 * ahead, promote. Times and sizes go on the row like a restore's.
 */
export async function recoverTableCopy(
  db: Db,
  run: TableRestoreRun,
  opts: {
    cli: CliInvocation;
    storage: StorageAccess;
    ports: PortRange;
    signal: AbortSignal;
    progress: Parameters<typeof recoverRecordedCopy>[0]["progress"];
  },
): Promise<void> {
  const { tableRestore: t, spec } = run;
  await destinationFor("new_instance", spec).prepare();
  run.made = true;
  const [backup, repository] = await Promise.all([
    db.backup.findUniqueOrThrow({ where: { id: t.backupId! }, include: { files: true, repository: true } }),
    t.repositoryId ? db.repository.findUnique({ where: { id: t.repositoryId } }) : null,
  ]);
  const targetLsn = t.targetLsn ? parseLsn(t.targetLsn) : null;
  const copy = await recoverRecordedCopy({
    db,
    cli: opts.cli,
    storage: opts.storage,
    backup: backupIn(backup, repository),
    spec,
    target: { target: t.targetKind as RecoveryTargetSpec["target"], value: t.targetValue, inclusive: t.inclusive },
    targetLsn,
    timeline: t.timeline,
    pauseAtTarget: false,
    archiveOff: true,
    hba: "trust-socket",
    login: copyLogins("new_instance", spec, run.production).watch,
    ports: opts.ports,
    record: (tx, facts) => recordTableRestoreFacts(tx, t.id, facts),
    signal: opts.signal,
    progress: opts.progress,
    log: run.log,
  });
  if (t.targetKind === "latest") assertReachedEnd(copy.outcome.replayLsn, targetLsn, t.timeline);
  await recordTableRestoreFacts(db, t.id, { replayMs: copy.replayMs, walBytes: copy.walBytes, reachedLsn: copy.outcome.replayLsn });
}
