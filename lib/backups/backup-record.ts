import type { Db } from "@/lib/db/client";
import type { Backup, Compression } from "@/lib/db/generated/client";
import type { StoredObject } from "@/lib/storage/repository";

/**
 * The catalog row of one backup through its life: running → complete (files and manifest stored,
 * verified) or failed. A retried job (its worker died) starts its row over.
 */
export async function startBackupRecord(
  db: Db,
  opts: {
    jobId: string;
    clusterId: string;
    repositoryId: string;
    compression: Compression;
    label: string;
    /** The database host ("host:port") pg_basebackup reads from. */
    sourceHost: string;
  },
): Promise<Backup> {
  const fresh = {
    status: "running" as const,
    startedAt: new Date(),
    finishedAt: null,
    error: null,
    startLsn: null,
    stopLsn: null,
    stopTime: null,
    timeline: null,
    verified: null,
    verifyDetail: null,
    copyMs: null,
    verifyMs: null,
    storedSizeBytes: null,
  };
  return db.$transaction(async (tx) => {
    const existing = await tx.backup.findUnique({ where: { jobId: opts.jobId } });
    if (existing) {
      await tx.backupFile.deleteMany({ where: { backupId: existing.id } });
      return tx.backup.update({
        where: { id: existing.id },
        data: { ...fresh, label: opts.label, compression: opts.compression, repositoryId: opts.repositoryId, sourceHost: opts.sourceHost },
      });
    }
    return tx.backup.create({ data: { ...opts, ...fresh } });
  });
}

export interface CompletedBackup {
  startLsn: string;
  stopLsn: string;
  stopTime: Date;
  timeline: number;
  databaseSizeBytes: number;
  pgVersion: string;
  systemIdentifier: string | null;
  copyMs: number;
  verifyMs: number;
  verifyDetail: string;
  files: StoredObject[];
}

export async function completeBackupRecord(db: Db, backupId: string, done: CompletedBackup, prefix: string): Promise<void> {
  const stored = done.files.reduce((n, f) => n + f.size, 0);
  await db.$transaction([
    db.backupFile.createMany({
      data: done.files.map((f) => ({ backupId, name: f.key.slice(prefix.length), sizeBytes: BigInt(f.size), sha256: f.sha256 })),
    }),
    db.backup.update({
      where: { id: backupId },
      data: {
        status: "complete",
        finishedAt: new Date(),
        startLsn: done.startLsn,
        stopLsn: done.stopLsn,
        stopTime: done.stopTime,
        timeline: done.timeline,
        databaseSizeBytes: BigInt(done.databaseSizeBytes),
        storedSizeBytes: BigInt(stored),
        pgVersion: done.pgVersion,
        systemIdentifier: done.systemIdentifier,
        copyMs: done.copyMs,
        verifyMs: done.verifyMs,
        verified: true,
        verifyDetail: done.verifyDetail,
      },
    }),
  ]);
}

export async function failBackupRecord(db: Db, backupId: string, error: string): Promise<void> {
  await db.backup.update({ where: { id: backupId }, data: { status: "failed", finishedAt: new Date(), error } });
}
