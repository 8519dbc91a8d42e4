import type { Db } from "@/lib/db/client";
import type { CopyBase } from "@/lib/engines/engine";
import type { PortRange } from "@/lib/domain/port-range";
import { parseLsn } from "@/lib/domain/lsn";
import { assertReachedEnd } from "@/lib/domain/recovery-end";
import type { RecoveryTargetSpec } from "@/lib/domain/recovery-settings";
import type { RestoreRun } from "@/lib/restores/begin-restore";
import type { RecoveredCopy } from "@/lib/restores/recover-copy";
import { recoverRecordedCopy } from "@/lib/restores/recover-recorded-copy";
import { recordRestoreFacts } from "@/lib/restores/restore-record";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { CliInvocation } from "@/lib/wal/cli-commands";

/**
 * Restore base, configure, replay, to the target recorded on the row. A new instance gets
 * archive_mode off (a copy never archives into production), trusts its private socket for
 * Wayback's own actions, and moves to the next free port if its own was taken while the base
 * unpacked; in place keeps production's pg_hba.conf (carried over after the base) and port.
 * A "latest" restore must have replayed to the end of the archive.
 */
export async function recoverRestore(
  db: Db,
  run: RestoreRun,
  opts: {
    cli: CliInvocation;
    storage: StorageAccess;
    ports: PortRange;
    signal: AbortSignal;
    progress: Parameters<typeof recoverRecordedCopy>[0]["progress"];
    /** A pgBackRest cluster's base (decision 0029). */
    engineBase?: CopyBase;
  },
): Promise<RecoveredCopy> {
  const { restore: r } = run;
  const newInstance = r.destination === "new_instance";
  const targetLsn = r.targetLsn ? parseLsn(r.targetLsn) : null;
  const copy = await recoverRecordedCopy({
    db,
    cli: opts.cli,
    storage: opts.storage,
    backup: run.backup,
    spec: run.spec,
    target: { target: r.targetKind as RecoveryTargetSpec["target"], value: r.targetValue, inclusive: r.inclusive },
    targetLsn,
    timeline: r.timeline,
    pauseAtTarget: r.pauseAtTarget,
    archiveOff: run.destination.archiveOff,
    login: run.logins.watch,
    hba: newInstance ? "trust-socket" : "password",
    ports: newInstance ? opts.ports : null,
    record: (tx, facts) => recordRestoreFacts(tx, r.id, facts),
    afterBase: () => run.destination.carryOver(),
    signal: opts.signal,
    progress: opts.progress,
    log: run.log,
    engineBase: opts.engineBase,
  });
  if (r.targetKind === "latest") assertReachedEnd(copy.outcome.replayLsn, targetLsn, r.timeline);
  return copy;
}
