import type { Backup, BackupFile, Job } from "@/lib/db/generated/client";
import { presentJob, type JobView } from "@/lib/jobs/job-view";
import type { BackupKindName, ChainLink } from "@/lib/domain/backup-kind";

export interface BackupView {
  id: string;
  clusterId: string;
  clusterName: string;
  status: "running" | "complete" | "failed" | "expiring";
  label: string;
  compression: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  startLsn: string | null;
  stopLsn: string | null;
  stopTime: string | null;
  timeline: number | null;
  /** The database host ("host:port") it was taken from; null for backups older than that record. */
  sourceHost: string | null;
  databaseSizeBytes: number | null;
  storedSizeBytes: number | null;
  copyMs: number | null;
  verifyMs: number | null;
  pgVersion: string | null;
  systemIdentifier: string | null;
  /** The backup job's own check of the copy against its backup_manifest, at backup time. */
  verified: boolean | null;
  /** The newest repository verification that read this backup back: when, and whether it found nothing wrong. */
  repositoryCheck: { at: string | null; passed: boolean } | null;
  error: string | null;
  job: JobView | null;
  /** Full, or (pgBackRest) a differential or incremental that restores only with its parent. */
  kind: BackupKindName;
  parentBackupId: string | null;
}

export interface BackupDetailView extends BackupView {
  /** The sets this backup restores with: its parent, the parent's parent, … down to its full. */
  parentChain: Omit<ChainLink, "parentBackupId">[];
  verifyDetail: string | null;
  files: { name: string; sizeBytes: number; sha256: string }[];
  jobLog: string | null;
}

export type BackupRow = Backup & {
  cluster: { name: string };
  job: Job | null;
  lastVerification: { finishedAt: Date | null; results: { backupId: string | null; findings: number }[] } | null;
};

const num = (v: bigint | null) => (v === null ? null : Number(v));

export function presentBackup(b: BackupRow): BackupView {
  return {
    id: b.id,
    clusterId: b.clusterId,
    clusterName: b.cluster.name,
    status: b.status,
    label: b.label,
    compression: b.compression,
    startedAt: b.startedAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    durationMs: b.finishedAt ? b.finishedAt.getTime() - b.startedAt.getTime() : null,
    startLsn: b.startLsn,
    stopLsn: b.stopLsn,
    stopTime: b.stopTime?.toISOString() ?? null,
    timeline: b.timeline,
    sourceHost: b.sourceHost,
    databaseSizeBytes: num(b.databaseSizeBytes),
    storedSizeBytes: num(b.storedSizeBytes),
    copyMs: b.copyMs,
    verifyMs: b.verifyMs,
    pgVersion: b.pgVersion,
    systemIdentifier: b.systemIdentifier,
    verified: b.verified,
    repositoryCheck: repositoryCheck(b),
    error: b.error,
    job: b.job ? presentJob(b.job) : null,
    kind: b.kind,
    parentBackupId: b.parentBackupId,
  };
}

function repositoryCheck(b: BackupRow): BackupView["repositoryCheck"] {
  const result = b.lastVerification?.results.find((r) => r.backupId === b.id);
  if (!b.lastVerification || !result) return null;
  return { at: b.lastVerification.finishedAt?.toISOString() ?? null, passed: result.findings === 0 };
}

export function presentBackupDetail(b: BackupRow & { files: BackupFile[] }, chain: ChainLink[]): BackupDetailView {
  return {
    ...presentBackup(b),
    parentChain: chain.map(({ id, label, kind }) => ({ id, label, kind })),
    verifyDetail: b.verifyDetail,
    files: b.files.map((f) => ({ name: f.name, sizeBytes: Number(f.sizeBytes), sha256: f.sha256 })),
    jobLog: b.job?.log ?? null,
  };
}
