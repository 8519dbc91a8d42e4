"use client";

import { useClusterBackups } from "@/components/backups/backup-queries";
import { useClusterJobs } from "@/components/clusters/cluster-queries";

/**
 * A cluster's backups and whether one is under way: a running backup row, or a queued (or just
 * started) backup job whose row is not there yet. The backups poll while such a job exists.
 */
export function useBackupActivity(clusterId: string) {
  const jobs = useClusterJobs(clusterId);
  const backupJob = jobs.data?.find((j) => j.type === "backup.full" && (j.status === "queued" || j.status === "running")) ?? null;
  const backups = useClusterBackups(clusterId, backupJob !== null);
  const runningBackup = backups.data?.find((b) => b.status === "running") ?? null;
  // A queued (or just started) backup job whose catalog row is not there yet; not one whose row already finished.
  const waitingJob = backupJob && !backups.data?.some((b) => b.job?.id === backupJob.id) ? backupJob : null;
  return { backups, runningBackup, waitingJob, busy: runningBackup !== null || waitingJob !== null };
}
