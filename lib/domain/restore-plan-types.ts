/** What planRestore (lib/domain/restore-plan.ts) reads and answers. */
import type { RecoveryPicture, SegmentInfo } from "./recoverable-window";
import type { RestoreTarget, RestoreTargetKind } from "./restore-target-input";
import type { TimelineHistory } from "./timeline-history";

export interface PlanBackup {
  id: string;
  status: string;
  timeline: number;
  startLsn: bigint;
  stopLsn: bigint;
  stopTime: Date;
  storedBytes: number;
  databaseBytes: number;
}

export interface PlanRestorePoint {
  name: string;
  lsn: bigint;
  timeline: number;
  createdAt: Date;
}

export interface PlanRestoreInput {
  target: RestoreTarget;
  picture: RecoveryPicture;
  backups: PlanBackup[];
  restorePoints: PlanRestorePoint[];
  now: Date;
  chosenBackupId?: string | null;
  /** Where the xid's commit record lies, when something decoded the WAL to find it. */
  xidHint?: { lsn: bigint } | null;
  segmentSize: number;
  /** Timeline histories: make backup and restore-point timeline checks exact. */
  histories?: TimelineHistory[];
  /** Archived segments with commit times: tighten targetLsn for time targets. */
  segments?: SegmentInfo[];
}

export interface RecoverableMoment {
  time: Date;
  lsn: bigint;
}

export type RestorePlanErrorCode =
  | "outside_window"
  | "in_gap"
  | "before_first_backup"
  | "in_future"
  | "unknown_restore_point"
  | "backup_unusable"
  | "backup_after_target"
  | "no_window"
  | "timeline_mismatch";

export interface RestorePlanError {
  code: RestorePlanErrorCode;
  message: string;
  /**
   * Closest recoverable moments around the target: the edges of the windows before and after it.
   * For a target inside a window (backup or timeline errors), that window's start and end; for an
   * "immediate" target, the ends of the usable backups just before and after the one named.
   */
  nearest: { before: RecoverableMoment | null; after: RecoverableMoment | null };
}

export interface RestorePlan {
  backupId: string;
  reason: string;
  /** recovery_target_timeline. */
  timeline: number;
  /** Where replay ends (an upper bound for time targets); null when it cannot be placed (xid without hint). */
  targetLsn: bigint | null;
  /** targetLsn - the backup's stop LSN, at least 0 (the window's end for an unplaced xid). */
  walBytesToReplay: bigint;
  recovery: { target: RestoreTargetKind; value: string | null; inclusive: boolean | null };
}

export type PlanRestoreResult = { ok: true; plan: RestorePlan } | { ok: false; error: RestorePlanError };
