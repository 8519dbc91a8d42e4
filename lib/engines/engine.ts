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

/**
 * An engine's part in Wayback's own restore and drill steps (which write the target, timeline and
 * archive_mode, start, watch and check the copy as for native backups): the base, and where
 * recovery reads WAL.
 */
export interface CopyBase {
  /** What the backup's files take in the repository, for progress and the row's base size. */
  storedBytes: number;
  /** Puts the backup's files into `dataDir`, without recovery settings. */
  restore(dataDir: string, opts?: EngineRunOptions): Promise<void>;
  /** The restore_command of the copy in `dataDir`. */
  restoreCommand(dataDir: string): string;
}

export interface BackupEngine {
  /** Makes the engine ready for its first backup (pgBackRest: stanza-create, then check); safe to repeat. */
  setUp(opts?: EngineRunOptions): Promise<void>;
  /** Takes a backup of `kind` and records it; resolves with its catalog id. */
  backup(kind: BackupKind, opts?: EngineRunOptions): Promise<string>;
  /** Brings the catalog's backups rows in step with what the engine's repository holds. */
  listBackups(opts?: EngineRunOptions): Promise<void>;
  /** The archive_command the cluster must run, exactly; null when the engine streams WAL itself. */
  archiveCommand(): string | null;
  /** Restores `backupId` to `target` into `dataDir` (empty for a copy; the cluster's own in place). */
  restore(opts: { backupId: string; target: RestoreTarget; dataDir: string; inPlace: boolean } & EngineRunOptions): Promise<void>;
  /** The base of `backupId` for Wayback's restore and drill steps (in place: over the cluster's own directory). */
  copyBase(backupId: string, opts: { inPlace: boolean }): Promise<CopyBase>;
  /** One archived WAL segment into `destPath` (for the WAL index). */
  fetchWal(name: string, destPath: string, opts?: EngineRunOptions): Promise<void>;
  verify(opts?: EngineRunOptions): Promise<PgBackRestVerifyResult>;
  /** Removes one backup the retention plan let go (never a parent of a kept one: the planner's rule). */
  expire(backupId: string, opts?: EngineRunOptions): Promise<void>;
}
