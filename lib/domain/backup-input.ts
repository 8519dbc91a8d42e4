import { z } from "zod";
import { PGBACKREST_BACKUP_KINDS } from "./pgbackrest-info";

export const listBackupsQuery = z.object({
  clusterId: z.uuid("clusterId must be a cluster id.").optional(),
  status: z.enum(["running", "complete", "failed", "expiring"], { error: "status is running, complete, failed or expiring." }).optional(),
  order: z.enum(["desc", "asc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListBackupsQuery = z.infer<typeof listBackupsQuery>;

/** A backup's kind: full, or (pgBackRest clusters) differential or incremental against an earlier set. */
export const backupKind = z.enum(PGBACKREST_BACKUP_KINDS, { error: "kind is full, diff or incr." });
export type BackupKindInput = z.infer<typeof backupKind>;

/** "Back up now" (POST …/backups?kind=): which kind; a full when not said, so a bodyless POST stays one. */
export const requestBackupQuery = z.object({ kind: backupKind.default("full") });
