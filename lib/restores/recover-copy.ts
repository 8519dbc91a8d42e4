import fs from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import type { CopyBase } from "@/lib/engines/engine";
import { parseLsn } from "@/lib/domain/lsn";
import { progressThrottle, type ProgressPoint } from "@/lib/domain/progress-throttle";
import { recoverySettings, type RecoveryTargetSpec } from "@/lib/domain/recovery-settings";
import { stoppedRecovery } from "@/lib/domain/recovery-stop";
import { adoptDataDirectory, startInstance, type HbaForCopy, type InstanceSpec } from "@/lib/pg/instance";
import { startInstanceWithPortFallback } from "@/lib/pg/start-instance-with-port-fallback";
import { backupPrefix } from "@/lib/storage/layout";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";
import { extractBackup } from "@/lib/restores/extract-backup";
import { walForRecovery } from "@/lib/restores/wal-for-recovery";
import { watchRecovery, type LocalLogin, type RecoveryOutcome } from "@/lib/restores/watch-recovery";
import { restoreCommandFor, type CliInvocation } from "@/lib/wal/cli-commands";
import { startWalPrefetch } from "@/lib/wal/prefetch-wal";

type Progress = (p: { phase?: string; bytesDone?: number | bigint; bytesTotal?: number | bigint }) => Promise<void>;

export interface BackupToRecover {
  id: string;
  clusterId: string;
  startLsn: string | null;
  stopLsn: string | null;
  files: { name: string; sizeBytes: bigint }[];
  repository: Parameters<typeof openRepository>[0];
  /** Set when `repository` is one of the cluster's copy repositories rather than its primary. */
  copyRepositoryId?: string;
}

export interface RecoveredCopy {
  outcome: RecoveryOutcome;
  storedBytes: number;
  baseMs: number;
  replayMs: number;
  walBytes: bigint;
  prefetched: number;
}

/**
 * The middle of every restore and drill, into an empty `spec.dataDir`: restore base (the backup's
 * tar files streamed from the repository), configure (recovery.signal, restore_command, the one
 * target, the timeline, archive_mode as asked, this port — or, with `portFallback`, the next free
 * one if something took it meanwhile), replay (the server starts; WAL is
 * fetched and verified ahead of it; the replay LSN is followed against the target) until promoted
 * or paused. The caller prepares the destination before and verifies, or undoes, after.
 */
export async function recoverCopy(opts: {
  db: Db;
  cli: CliInvocation;
  storage: StorageAccess;
  backup: BackupToRecover;
  spec: InstanceSpec;
  target: RecoveryTargetSpec;
  targetLsn: bigint | null;
  timeline: number;
  pauseAtTarget: boolean;
  archiveOff: boolean;
  login: LocalLogin;
  hba?: HbaForCopy;
  /** A new instance moves to another port when its own was taken meanwhile (in place never
   *  does: the cluster keeps production's port). */
  portFallback?: Parameters<typeof startInstanceWithPortFallback>[1];
  signal: AbortSignal;
  progress: Progress;
  log: (line: string) => Promise<void>;
  /** After the base is in place (in place restores carry production's pg_hba.conf over). */
  afterBase?: (base: { baseMs: number; storedBytes: number }) => Promise<void>;
  /** A backup another engine keeps (pgBackRest): its base and restore_command instead of Wayback's files and WAL. */
  engineBase?: CopyBase;
}): Promise<RecoveredCopy> {
  const { backup, spec, progress, log, signal, engineBase } = opts;
  const writeBytesDone = ({ bytes }: ProgressPoint) => progress({ bytesDone: bytes });
  const dataDir = spec.dataDir;
  const repo = openRepository(backup.repository, opts.storage);

  // restore base
  const storedBytes = engineBase?.storedBytes ?? backup.files.reduce((n, f) => n + Number(f.sizeBytes), 0);
  await progress({ phase: "restore base", bytesDone: 0, bytesTotal: storedBytes });
  const baseStart = Date.now();
  const baseProgress = progressThrottle({ write: writeBytesDone, now: Date.now });
  if (engineBase) {
    await engineBase.restore(dataDir, {
      signal,
      onProgress: (percent) => baseProgress.report({ bytes: Math.round((storedBytes * percent) / 100), total: storedBytes }),
    });
  } else {
    await extractBackup({
      repo,
      prefix: backupPrefix(backup.clusterId, backup.id),
      files: backup.files,
      dataDir,
      signal,
      onBytes: (bytes) => baseProgress.report({ bytes, total: storedBytes }),
    });
  }
  await baseProgress.flush();
  const baseMs = Date.now() - baseStart;
  await log(`restored backup ${backup.id} (${storedBytes} bytes stored) into ${dataDir} in ${baseMs} ms`);

  // configure
  await progress({ phase: "configure" });
  const prefetchDir = `${dataDir}.wal-prefetch`;
  // The CLI holds no key for an encrypted repository, and the copy's server (whose superuser may be
  // anyone's) must never be able to read an object store's credentials: for both, this job serves
  // restore_command every WAL file it asks for.
  const served = backup.repository.encrypted || backup.repository.kind === "s3";
  const settings = recoverySettings({
    target: opts.target,
    timeline: opts.timeline,
    restoreCommand: engineBase
      ? engineBase.restoreCommand(dataDir)
      : served
        ? restoreCommandFor(opts.cli, backup.clusterId, { prefetchDir, served: true })
        : restoreCommandFor(opts.cli, backup.clusterId, { prefetchDir, repositoryId: backup.copyRepositoryId }),
    pauseAtTarget: opts.pauseAtTarget,
    archiveOff: opts.archiveOff,
  });
  await fs.writeFile(`${dataDir}/recovery.signal`, "");
  await fs.rm(`${dataDir}/standby.signal`, { force: true });
  await adoptDataDirectory(spec, settings, { hba: opts.hba });
  await opts.afterBase?.({ baseMs, storedBytes });

  // replay
  const stop = parseLsn(backup.stopLsn!);
  const { targetLsn } = opts;
  const walSource = {
    repo,
    clusterId: backup.clusterId,
    dir: prefetchDir,
    segments: await walForRecovery(opts.db, {
      clusterId: backup.clusterId,
      timeline: opts.timeline,
      fromLsn: parseLsn(backup.startLsn!),
      toLsn: targetLsn,
    }),
    owner: spec.osUser,
  };
  // Another engine's recovery reads WAL through its own restore_command: nothing to fetch ahead.
  const prefetch = engineBase
    ? { fetched: 0, stop: async () => {} }
    : await startWalPrefetch({
        ...walSource,
        serve: served,
        onError: (err) =>
          void log(
            served
              ? `Serving WAL to recovery failed (recovery stops): ${err.message}`
              : `WAL prefetch stopped (restore_command fetches the rest itself): ${err.message}`,
          ),
      });
  try {
    const total = targetLsn !== null && targetLsn > stop ? targetLsn - stop : 0n;
    await progress({ phase: "replay", bytesDone: 0, bytesTotal: total > 0n ? total : undefined });
    const replayStart = Date.now();
    const timeoutMs = 30 * 60_000;
    try {
      if (opts.portFallback) await startInstanceWithPortFallback(spec, { ...opts.portFallback, timeoutMs });
      else await startInstance(spec, { timeoutMs });
    } catch (err) {
      // A copy can stop recovery within moments of opening, before pg_ctl saw it up: that is a
      // recovery stop, which watchRecovery reports from the log like one seen later.
      if (!stoppedRecovery((err as Error).message)) throw err;
    }
    const replayProgress = progressThrottle({ write: writeBytesDone, now: Date.now });
    const outcome = await watchRecovery({
      spec,
      login: opts.login,
      pauseAtTarget: opts.pauseAtTarget,
      signal,
      onReplay: (lsn) => replayProgress.report({ bytes: Number(lsn > stop ? lsn - stop : 0n), total: Number(total) }),
    });
    await replayProgress.flush();
    const replayMs = Date.now() - replayStart;
    const reached = parseLsn(outcome.replayLsn);
    const walBytes = reached > stop ? reached - stop : 0n;
    await log(
      `${outcome.state === "paused" ? "paused at the target" : "promoted"} at ${outcome.replayLsn} after ${replayMs} ms ` +
        `(${walBytes} bytes of WAL replayed, ${prefetch.fetched} segments fetched ahead of replay)`,
    );
    return { outcome, storedBytes, baseMs, replayMs, walBytes, prefetched: prefetch.fetched };
  } finally {
    await prefetch.stop();
  }
}
