import fs from "node:fs/promises";
import { UnrecoverableError } from "bullmq";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { formatLsn, parseLsn } from "@/lib/domain/lsn";
import { segmentName, segmentOfLsn } from "@/lib/domain/wal-segment";
import { progressMoved } from "@/lib/domain/progress";
import { recoverySettings, type RecoveryTargetSpec } from "@/lib/domain/recovery-settings";
import { appendJobLog } from "@/lib/jobs/job-log";
import { adoptDataDirectory, instanceLogPath, readLogTail, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { isPortFree } from "@/lib/pg/free-port";
import { countRows } from "@/lib/restore/count-rows";
import { nextFreeRestorePort } from "@/lib/restores/next-free-port";
import { destinationFor } from "@/lib/restore/destination";
import { extractBackup } from "@/lib/restore/extract-backup";
import { watchRecovery, type LocalLogin } from "@/lib/restore/watch-recovery";
import { failRestore, finishRestore, markRestoreRunning, recordRestoreFacts } from "@/lib/restores/restore-record";
import { backupPrefix } from "@/lib/repo/layout";
import { openRepository } from "@/lib/repo/open-repository";
import { restoreCommandFor } from "@/lib/wal/cli-commands";
import { startWalPrefetch, type WalPrefetch } from "@/lib/wal/prefetch-wal";
import { walForRecovery } from "@/lib/restore/wal-for-recovery";
import type { Processor } from "@/worker/processor";

/**
 * A point-in-time restore on this worker's host, into a new instance or in place, in phases:
 *  1. prepare — the plan recorded at request time; a new instance needs an empty directory and a
 *     free port; in place stops the cluster and moves its data directory aside;
 *  2. restore base — the backup's tar files streamed from the repository into the directory;
 *  3. configure — recovery.signal, restore_command (wayback wal-fetch), the one target, the
 *     timeline, archive_mode off (a copy never archives into production), this port;
 *  4. replay — the server starts and replays WAL, which this worker fetches and verifies ahead of
 *     it (restore_command then only moves files); the replay LSN is followed against the target;
 *  5. verify — it answers, is out of recovery (or paused at the target), and every table's rows
 *     are counted.
 * A failure at any phase stops the server, removes the half-made copy (in place: puts the
 * original back and starts it), and records PostgreSQL's log tail.
 */
export const restore: Processor<"restore"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);
  const r = await db.restore.findUniqueOrThrow({ where: { jobId: payload.jobId }, include: { backup: { include: { files: true, repository: true } } } });
  if (!r.backup || r.backup.status !== "complete") throw new UnrecoverableError("The backup this restore was planned on is gone or not complete.");
  const backup = r.backup;
  const spec: InstanceSpec = { dataDir: r.dataDir, port: r.port, bins: deps.pgBinaries, osUser: await resolveServerUser(deps.config.pg.osUser) };

  // The proposed port was free in the catalog's eyes; on this host something else may hold it.
  if (r.destination === "new_instance" && !(await isPortFree(spec.port))) {
    spec.port = await nextFreeRestorePort(db, deps.config.restore.ports, spec.port);
    await recordRestoreFacts(db, r.id, { port: spec.port });
    await log(`port ${r.port} is in use on this host; using ${spec.port}`);
  }
  const destination = destinationFor(r.destination, spec);

  // 1. prepare
  await progress({ phase: "prepare" });
  await markRestoreRunning(db, r.id);
  const source = await connectionTarget(db, r.clusterId, deps.config.secretKey);
  const login: LocalLogin = { user: source.username, password: source.password, database: source.database };

  let prefetch: WalPrefetch | undefined;
  try {
    const { oldDataDir } = await destination.prepare();
    if (oldDataDir) {
      await recordRestoreFacts(db, r.id, { oldDataDir });
      await log(`stopped the cluster and moved its data directory aside to ${oldDataDir}`);
    }


    // 2. restore base
    const storedBytes = backup.files.reduce((n, f) => n + Number(f.sizeBytes), 0);
    await progress({ phase: "restore base", bytesDone: 0, bytesTotal: storedBytes });
    const baseStart = Date.now();
    let last: { bytes: number; at: number } | null = null;
    let pending = Promise.resolve();
    await extractBackup({
      repo: openRepository(backup.repository),
      prefix: backupPrefix(backup.clusterId, backup.id),
      files: backup.files,
      dataDir: r.dataDir,
      signal,
      onBytes: (bytes) => {
        const now = { bytes, total: storedBytes, at: Date.now() };
        if (!progressMoved(last, now)) return;
        last = now;
        pending = pending.then(() => progress({ bytesDone: bytes }));
      },
    });
    await pending;
    const baseMs = Date.now() - baseStart;
    await recordRestoreFacts(db, r.id, { baseMs, baseBytes: BigInt(storedBytes) });
    await log(`restored backup ${backup.id} (${storedBytes} bytes stored) into ${r.dataDir} in ${baseMs} ms`);

    // 3. configure
    await progress({ phase: "configure" });
    const target: RecoveryTargetSpec = { target: r.targetKind as RecoveryTargetSpec["target"], value: r.targetValue, inclusive: r.inclusive };
    const stop = parseLsn(backup.stopLsn!);
    const targetLsn = r.targetLsn ? parseLsn(r.targetLsn) : null;
    const prefetchDir = `${r.dataDir}.wal-prefetch`;
    const settings = recoverySettings({
      target,
      timeline: r.timeline,
      restoreCommand: restoreCommandFor(deps.config.cli, r.clusterId, prefetchDir),
      pauseAtTarget: r.pauseAtTarget,
      archiveOff: destination.archiveOff,
    });
    await fs.writeFile(`${r.dataDir}/recovery.signal`, "");
    await fs.rm(`${r.dataDir}/standby.signal`, { force: true });
    await adoptDataDirectory(spec, settings);
    await destination.carryOver();

    // 4. replay
    prefetch = await startWalPrefetch({
      repo: openRepository(backup.repository),
      clusterId: r.clusterId,
      dir: prefetchDir,
      segments: await walForRecovery(db, { clusterId: r.clusterId, timeline: r.timeline, fromLsn: parseLsn(backup.startLsn!), toLsn: targetLsn }),
      owner: spec.osUser,
      onError: (err) => void log(`WAL prefetch stopped (restore_command fetches the rest itself): ${err.message}`),
    });
    await progress({ phase: "replay", bytesDone: 0, bytesTotal: targetLsn !== null && targetLsn > stop ? targetLsn - stop : undefined });
    const replayStart = Date.now();
    await startInstance(spec, { timeoutMs: 30 * 60_000 });
    let lastReplay: { bytes: number; at: number } | null = null;
    const outcome = await watchRecovery({
      spec,
      login,
      pauseAtTarget: r.pauseAtTarget,
      signal,
      onReplay: (lsn) => {
        const done = Number(lsn > stop ? lsn - stop : 0n);
        const now = { bytes: done, total: Number(targetLsn !== null && targetLsn > stop ? targetLsn - stop : 0n), at: Date.now() };
        if (!progressMoved(lastReplay, now)) return;
        lastReplay = now;
        void progress({ bytesDone: done });
      },
    });
    const replayMs = Date.now() - replayStart;
    assertReachedEnd(r.targetKind, outcome.replayLsn, targetLsn, r.timeline);
    const walBytes = parseLsn(outcome.replayLsn) > stop ? parseLsn(outcome.replayLsn) - stop : 0n;
    await log(`${outcome.state === "paused" ? "paused at the target" : "promoted"} at ${outcome.replayLsn} after ${replayMs} ms (${walBytes} bytes of WAL replayed, ${prefetch.fetched} segments fetched ahead of replay)`);

    // 5. verify
    await progress({ phase: "verify" });
    const verifyStart = Date.now();
    const rowCounts = await countRows({ port: spec.port, login, signal });
    const connectionString = `postgresql://${encodeURIComponent(login.user)}@127.0.0.1:${spec.port}/${encodeURIComponent(login.database)}`;
    await finishRestore(db, r.id, { status: outcome.state === "paused" ? "paused" : "complete", connectionString, reachedLsn: outcome.replayLsn, rowCounts, verifyMs: Date.now() - verifyStart, replayMs, walBytes });
    await log(`ready: ${connectionString}`);
  } catch (err) {
    const tail = await readLogTail(instanceLogPath(spec), 30).catch(() => "");
    await destination.undo();
    await failRestore(db, r.id, (err as Error).message, tail || null);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  } finally {
    await prefetch?.stop();
  }
};

/**
 * For "latest" PostgreSQL ends recovery at the first segment restore_command cannot fetch, and
 * promotes as if that were the end: a restore that stops short of what the catalog says is
 * archived is a failure, not a success with less data.
 */
function assertReachedEnd(kind: string, reached: string, targetLsn: bigint | null, timeline: number): void {
  if (kind !== "latest" || targetLsn === null) return;
  const reachedSeg = segmentOfLsn(parseLsn(reached));
  const lastSeg = segmentOfLsn(targetLsn - 1n);
  if (reachedSeg < lastSeg) {
    throw new Error(
      `Recovery ended at ${reached}, before the end of the archive (${formatLsn(targetLsn)}): WAL segment ${segmentName(timeline, reachedSeg + 1n)} could not be fetched from the repository.`,
    );
  }
}
