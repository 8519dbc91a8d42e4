// What a backup engine does for a cluster (decision 0029). The rest of the product — timeline,
// restore planner, drills, alerts, retention planner, schedules, UI — reads the catalog's backups
// and WAL rows, which each engine keeps, and never asks which engine served them.
import type { BackupKind } from "@/lib/db/generated/enums";
import type { PgBackRestVerifyResult } from "@/lib/domain/pgbackrest-verify";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";

export interface EngineRunOptions {
  signal?: AbortSignal;
  onProgress?: (percent: number) => void;
}

export interface BackupEngine {
  /** Takes a backup of `kind` and records it; resolves with its catalog id. */
  backup(kind: BackupKind, opts?: EngineRunOptions): Promise<string>;
  /** Brings the catalog's backups rows in step with what the engine's repository holds. */
  listBackups(opts?: EngineRunOptions): Promise<void>;
  /** The archive_command the cluster must run, exactly; null when the engine streams WAL itself. */
  archiveCommand(): string | null;
  /** Restores `backupId` to `target` into `dataDir` (empty for a copy; the cluster's own in place). */
  restore(opts: { backupId: string; target: RestoreTarget; dataDir: string; inPlace: boolean } & EngineRunOptions): Promise<void>;
  verify(opts?: EngineRunOptions): Promise<PgBackRestVerifyResult>;
  /** Removes one backup the retention plan let go (never a parent of a kept one: the planner's rule). */
  expire(backupId: string, opts?: EngineRunOptions): Promise<void>;
}
