/**
 * Everything the cluster page's timeline draws, computed on the server by
 * lib/domain/recoverable-window.ts from the catalog. LSNs are strings ("16/B374D848"), times ISO.
 */
export interface TimelineView {
  now: string;
  segmentSize: number;
  /** Moments that can be recovered: from the end of a usable backup to the last commit in the unbroken WAL after it. */
  windows: WindowView[];
  latestRecoverableTime: string | null;
  /**
   * The measured recovery point (now − latestRecoverableTime) and the cluster's target, in seconds;
   * `partialFailure` while uploads of the partial segment fail (the RPO grows until one works).
   */
  rpo: { measuredSeconds: number | null; targetSeconds: number; partialFailure: { error: string; at: string } | null };
  /**
   * The receiver's partial segment as last uploaded (decision 0024); `inWindow` when a recoverable
   * window runs through it (else a missing segment before it keeps replay from reaching it).
   */
  partial: {
    name: string;
    timeline: number;
    endLsn: string;
    lastCommitAt: string | null;
    uploadedAt: string;
    inWindow: boolean;
  } | null;
  /** Missing WAL: `after`/`before` are the commit times around the hole when known (to place it on the time axis). */
  gaps: GapView[];
  /**
   * The same picture per repository, the primary first: what each alone can restore. A copy the
   * copy job has not caught up with ends earlier; a segment it lacks is a gap in its lane.
   */
  repositories: RepositoryLaneView[];
  backups: {
    id: string;
    status: "running" | "complete" | "failed" | "expiring";
    label: string;
    startedAt: string;
    stopTime: string | null;
    stopLsn: string | null;
    timeline: number | null;
  }[];
  unusableBackups: { id: string; reason: string }[];
  /**
   * Timeline switches (from history files): where timeline `timeline` branched off `parent`; `at`
   * the earliest moment known on the new timeline, `notBefore` the parent's last commit before it
   * (lib/domain/timeline-switch.ts).
   */
  switches: { timeline: number; parent: number; switchLsn: string; at: string | null; notBefore: string | null }[];
  restorePoints: { name: string; lsn: string; timeline: number; createdAt: string }[];
  /** Unresolved alerts, drawn where each problem began. */
  alerts: { id: string; ruleLabel: string; severity: "info" | "warning" | "critical"; firstSeenAt: string }[];
  archive: ArchiveView;
}

export interface WindowView {
  timeline: number;
  fromBackupId: string;
  from: { lsn: string; time: string };
  /** `partial`: the window ends in the receiver's partial segment. */
  to: { lsn: string; time: string; partial?: true };
}

export interface GapView {
  timeline: number;
  firstSegment: string;
  lastSegment: string;
  missing: string[];
  missingCount: number;
  after: string | null;
  before: string | null;
}

export interface RepositoryLaneView {
  repositoryId: string;
  name: string;
  kind: "posix" | "s3";
  role: "primary" | "copy";
  windows: WindowView[];
  latestRecoverableTime: string | null;
  gaps: GapView[];
}

export interface ArchiveView {
  mode: "streaming" | "archive_command";
  /** The streaming archiver's state; null when the cluster archives with archive_command or it never started. */
  receiver: {
    state: "starting" | "streaming" | "retrying" | "stopped" | "failed" | "store_failing";
    slotName: string;
    lastError: string | null;
    restarts: number;
    lastSegment: string | null;
    slotLagBytes: number | null;
    updatedAt: string;
  } | null;
  /** The exact archive_command line to paste into postgresql.conf for this cluster. */
  archiveCommand: string;
  restoreCommand: string;
  segmentCount: number;
  newestSegment: string | null;
  newestArchivedAt: string | null;
}
