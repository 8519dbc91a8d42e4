import { completeBackupRecord, failBackupRecord, startBackupRecord } from "@/lib/backups/backup-record";
import { sweepStaleBackups } from "@/lib/backups/sweep-stale-backups";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { progressMoved } from "@/lib/domain/progress";
import { appendJobLog } from "@/lib/jobs/job-log";
import { runBaseBackup } from "@/lib/pg/basebackup";
import { inspectServer } from "@/lib/pg/inspect-server";
import { verifyTarBackup } from "@/lib/pg/verify-backup";
import { backupPrefix } from "@/lib/storage/layout";
import { openRepositoryForWriting } from "@/lib/storage/open-repository";
import { UnrecoverableError } from "bullmq";
import type { Processor } from "@/worker/processor";

/**
 * A full physical backup, in phases:
 *  1. prepare — the cluster, its repository, a fresh look at the server; leftovers of interrupted
 *     backups of this cluster are failed and removed;
 *  2. copy — pg_basebackup (tar, WAL streamed, server-side compression) into a staging directory
 *     inside the repository, progress from pg_basebackup into the job record;
 *  3. verify — pg_verifybackup on an extracted copy (files against backup_manifest, and the WAL);
 *  4. store — files moved under the backup's prefix with their SHA-256, Wayback's manifest last;
 *  5. record — the catalog row turns complete.
 * Any failure removes what was written and leaves the row failed with the reason.
 */
export const backupFull: Processor<"backup.full"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);

  // 1. prepare
  await progress({ phase: "prepare" });
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: payload.clusterId }, include: { repository: true } });
  if (!cluster.repository) throw new UnrecoverableError("This cluster has no repository to back up into.");
  const swept = await sweepStaleBackups(db, { clusterId: cluster.id, exceptJobId: payload.jobId });
  if (swept) await log(`removed ${swept} interrupted backup(s) of this cluster`);
  const repo = openRepositoryForWriting(cluster.repository, deps.config.repoRoots);
  const target = await connectionTarget(db, cluster.id, deps.config.secretKey);
  const server = await inspectServer(target, signal);
  if (server.walLevel === "minimal") throw new UnrecoverableError("wal_level is minimal: set wal_level = replica and restart PostgreSQL.");
  const label = `wayback ${new Date().toISOString()}`;
  const backup = await startBackupRecord(db, { jobId: payload.jobId, clusterId: cluster.id, repositoryId: cluster.repository.id, compression: cluster.compression, label });
  const prefix = backupPrefix(cluster.id, backup.id);
  // A retried job reuses its backup row: whatever its dead predecessor staged goes first.
  await repo.discardStaging(`backup-${backup.id}`);
  await repo.discardStaging(`verify-${backup.id}`);
  await repo.removePrefix(prefix);
  const staging = await repo.stagingDir(`backup-${backup.id}`);
  await log(`backing up PostgreSQL ${server.serverVersion} into ${repo.describe()} (${cluster.compression})`);

  try {
    // 2. copy
    await progress({ phase: "copy", bytesDone: 0 });
    const copyStart = Date.now();
    let last: { bytes: number; at: number } | null = null;
    let pending = Promise.resolve();
    const copied = await runBaseBackup({
      bins: deps.pgBinaries,
      serverMajor: server.serverMajor,
      target,
      dir: staging.path,
      label,
      compression: cluster.compression,
      maxRateKb: cluster.backupMaxRateKb,
      signal,
      jobId: payload.jobId,
      onProgress: (bytes, total) => {
        const now = { bytes, total, at: Date.now() };
        if (!progressMoved(last, now)) return;
        last = now;
        pending = pending.then(() => progress({ bytesDone: bytes, bytesTotal: total }));
      },
    });
    await pending;
    const stopTime = new Date();
    const copyMs = Date.now() - copyStart;
    await log(`copied ${copied.totalBytes} bytes in ${copyMs} ms; WAL ${copied.startLsn} → ${copied.stopLsn} on timeline ${copied.timeline}`);

    // 3. verify
    await progress({ phase: "verify" });
    const verifyStart = Date.now();
    const scratch = await repo.stagingDir(`verify-${backup.id}`);
    const verifyDetail = await verifyTarBackup({ bins: deps.pgBinaries, serverMajor: server.serverMajor, backupDir: staging.path, scratchDir: scratch.path, signal }).finally(
      () => scratch.discard(),
    );
    const verifyMs = Date.now() - verifyStart;
    await log(`verified in ${verifyMs} ms: ${verifyDetail}`);

    // 4. store
    await progress({ phase: "store" });
    const files = await staging.commit(prefix);
    const manifest = { format: 1, backupId: backup.id, clusterId: cluster.id, label, ...copied, stopTime, files: files.map((f) => ({ name: f.key.slice(prefix.length), size: f.size, sha256: f.sha256 })) };
    // Written last: a backup prefix without its manifest is not a backup.
    await repo.put(`${prefix}wayback.manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)));

    // 5. record
    await completeBackupRecord(
      db,
      backup.id,
      { ...copied, stopTime, databaseSizeBytes: copied.totalBytes, pgVersion: server.serverVersion, systemIdentifier: server.systemIdentifier, copyMs, verifyMs, verifyDetail, files },
      prefix,
    );
    await log(`backup ${backup.id} complete`);
  } catch (err) {
    await staging.discard();
    await repo.removePrefix(prefix);
    await failBackupRecord(db, backup.id, (err as Error).message);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  }
};

