/**
 * Every alert rule's condition, as pure functions of what the monitor observed and what the
 * catalog holds. The monitor (lib/monitor/monitor-pass.ts) evaluates the observation-based rules
 * on each pass and raises or resolves their alerts; jobs that find trouble themselves (drills,
 * verifications) raise theirs with the messages built here.
 *
 * A rule's outcome is "firing" (with a message that names the fix), "clear" (its alert, if any,
 * resolves), or "unknown" (nothing can be said this pass, e.g. the server did not answer: an open
 * alert stays open, none is opened).
 */
import { DEFAULT_WAL_SEGMENT_SIZE, parseSegmentName } from "./wal-segment";
import type { AlertDetails } from "./alert-details";
import { RECEIVER_APPLICATION_NAME } from "./synchronous-receive";

export type AlertSeverity = "info" | "warning" | "critical";

export const ALERT_RULES = {
  archive_failing: { severity: "critical", label: "Archive failing" },
  archive_stale: { severity: "critical", label: "Archive stale" },
  receiver_down: { severity: "critical", label: "WAL receiver down" },
  sync_receiver_down: { severity: "critical", label: "Synchronous receiver down: commits wait" },
  slot_lag: { severity: "warning", label: "Replication slot lag" },
  wal_gap: { severity: "critical", label: "WAL gap in the archive" },
  backup_overdue: { severity: "warning", label: "Backup overdue" },
  backup_failed: { severity: "warning", label: "Backup failed" },
  verification_failed: { severity: "critical", label: "Verification failed" },
  wal_refused: { severity: "critical", label: "WAL file refused" },
  drill_failed: { severity: "critical", label: "Restore drill failed" },
  rpo_breached: { severity: "critical", label: "Recovery point behind target" },
  cluster_unreachable: { severity: "critical", label: "Cluster unreachable" },
  copy_lag: { severity: "warning", label: "Copy repository behind" },
} as const satisfies Record<string, { severity: AlertSeverity; label: string }>;

export type AlertRule = keyof typeof ALERT_RULES;
export const ALERT_RULE_NAMES = Object.keys(ALERT_RULES) as AlertRule[];

export function isAlertRule(name: string): name is AlertRule {
  return Object.hasOwn(ALERT_RULES, name);
}

/** One monitor pass, as stored (MonitorSample), with segment names already parsed. */
export interface Observation {
  takenAt: Date;
  reachable: boolean;
  error: string | null;
  /** PostgreSQL's archive_mode: "on", "always" or "off". */
  archiveMode: string | null;
  archivedCount: bigint | null;
  failedCount: bigint | null;
  lastArchivedWal: string | null;
  lastArchivedAt: Date | null;
  lastFailedWal: string | null;
  lastFailedAt: Date | null;
  currentLsn: bigint | null;
  /** The segment being written (not yet complete). */
  currentSegment: string | null;
  receiverState: string | null;
  slotLagBytes: bigint | null;
  /** Newest segment in Wayback's own archive (the catalog of the repository). */
  archiveNewestSegment: string | null;
}

export interface MonitorThresholds {
  /** A segment completed longer ago than this must be archived. */
  archiveStaleMs: number;
  /** Completed segments the archive may trail the server by. */
  maxSegmentsBehind: number;
  slotLagMaxBytes: bigint;
}

export interface MonitorFacts {
  now: Date;
  walMode: "streaming" | "archive_command";
  hasRepository: boolean;
  clusterName: string;
  clusterCreatedAt: Date;
  /** Oldest first; the last one is this pass. */
  observations: Observation[];
  receiver: {
    state: string;
    lastError: string | null;
    slotName: string;
    /** The last failed upload of the partial segment, until one works again. */
    partialError?: string | null;
    partialFailedAt?: Date | null;
  } | null;
  /** The receiver confirms WAL as flushed (pg_receivewal --synchronous, for synchronous_standby_names). */
  synchronousReceive?: boolean;
  gaps: { timeline: number; firstSegment: string; lastSegment: string; missingCount: number }[];
  newestCompleteBackupAt: Date | null;
  /** The most recently started backup that finished, complete or failed. */
  newestFinishedBackup: { id: string; status: "complete" | "failed"; label: string; error: string | null } | null;
  /**
   * End of the recoverable window that reaches furthest: its last commit time and its end LSN;
   * `partial` when it ends in the receiver's partial segment (decision 0024).
   */
  latestRecoverable: { time: Date; lsn: bigint; partial?: boolean } | null;
  backupEveryHours: number;
  rpoTargetSeconds: number;
  thresholds: MonitorThresholds;
  segmentSize?: number;
  /** The cluster's copy repositories and the archived WAL not yet copied to each. */
  copies: { name: string; walLagSegments: number; walLagSeconds: number }[];
}

export type RuleOutcome =
  | { rule: AlertRule; state: "firing"; severity: AlertSeverity; message: string; details: AlertDetails }
  | { rule: AlertRule; state: "clear" | "unknown" };

/** The rules the monitor owns, in the order it evaluates them. */
export const MONITOR_RULES = [
  "cluster_unreachable",
  "archive_failing",
  "archive_stale",
  "receiver_down",
  "sync_receiver_down",
  "slot_lag",
  "wal_gap",
  "backup_overdue",
  "backup_failed",
  "rpo_breached",
  "copy_lag",
] as const satisfies readonly AlertRule[];

export function evaluateAlertRules(f: MonitorFacts): RuleOutcome[] {
  return [
    clusterUnreachable(f),
    archiveFailing(f),
    archiveStale(f),
    receiverDown(f),
    syncReceiverDown(f),
    slotLag(f),
    walGap(f),
    backupOverdue(f),
    backupFailed(f),
    rpoBreached(f),
    copyLag(f),
  ];
}

const clear = (rule: AlertRule): RuleOutcome => ({ rule, state: "clear" });
const unknown = (rule: AlertRule): RuleOutcome => ({ rule, state: "unknown" });
const firing = (rule: AlertRule, message: string, details: AlertDetails = {}): RuleOutcome => ({
  rule,
  state: "firing",
  severity: ALERT_RULES[rule].severity,
  message,
  details,
});

function current(f: MonitorFacts): Observation | null {
  return f.observations[f.observations.length - 1] ?? null;
}

function previous(f: MonitorFacts): Observation | null {
  return f.observations[f.observations.length - 2] ?? null;
}

/** The segment number of a segment name, also of the ".partial" and ".backup" files named after one. */
function segno(name: string | null, segSize: number): bigint | null {
  if (!name || !/^[0-9A-F]{24}(\.|$)/.test(name)) return null;
  try {
    return parseSegmentName(name.slice(0, 24), segSize).segno;
  } catch {
    return null;
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** "3 h 5 min", "12 min", "40 s": how long, for messages. */
export function describeDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.floor(h / 24)} days`;
}

function clusterUnreachable(f: MonitorFacts): RuleOutcome {
  const cur = current(f);
  if (!cur) return unknown("cluster_unreachable");
  if (cur.reachable) return clear("cluster_unreachable");
  return firing(
    "cluster_unreachable",
    `Wayback cannot connect to ${f.clusterName}: ${cur.error ?? "no answer"}. Backups, WAL streaming and monitoring of this cluster stop until it answers: check that PostgreSQL is running, the host and port, pg_hba.conf and the saved password (Check connection on the cluster page shows the fix).`,
    { error: cur.error },
  );
}

function archiveOn(o: Observation): boolean {
  return o.archiveMode === "on" || o.archiveMode === "always";
}

/**
 * archive_command failing: failed_count went up since the previous pass, or PostgreSQL's last
 * failure is newer than its last success (it retries the same segment until it succeeds, so that
 * means archiving is stuck now). Clears once a success follows the last failure.
 */
function archiveFailing(f: MonitorFacts): RuleOutcome {
  if (f.walMode === "streaming" && f.hasRepository && f.receiver?.state === "store_failing") return receiverStoreFailing(f, f.receiver);
  const cur = current(f);
  if (!cur?.reachable) return unknown("archive_failing");
  if (!archiveOn(cur) || cur.failedCount === null) return clear("archive_failing");
  const prev = previous(f);
  const increased = prev?.reachable && prev.failedCount !== null && cur.failedCount > prev.failedCount;
  const stuck = cur.lastFailedAt !== null && (cur.lastArchivedAt === null || cur.lastFailedAt > cur.lastArchivedAt);
  if (!increased && !stuck) return clear("archive_failing");
  const wal = cur.lastFailedWal ?? "a WAL file";
  const when = cur.lastFailedAt ? ` (last failure ${cur.lastFailedAt.toISOString()}, ${cur.failedCount} failures in all)` : "";
  return firing(
    "archive_failing",
    `archive_command is failing on ${f.clusterName}: PostgreSQL could not archive ${wal}${when}. Until it succeeds no newer WAL is archived and pg_wal grows on the server. Read the server log for archive_command's error, then fix the command, the repository's permissions or its free space; this alert resolves when archiving succeeds again.`,
    { lastFailedWal: cur.lastFailedWal, lastFailedAt: iso(cur.lastFailedAt), failedCount: cur.failedCount.toString() },
  );
}

/**
 * The streaming receiver cannot store completed segments (its state says so at once, whatever the
 * server's archiver does): the same alert as a failing archive_command, resolved by the first store
 * that works.
 */
function receiverStoreFailing(f: MonitorFacts, receiver: NonNullable<MonitorFacts["receiver"]>): RuleOutcome {
  return firing(
    "archive_failing",
    `The WAL receiver of ${f.clusterName} cannot store WAL in the repository: ${receiver.lastError ?? "the store failed"} Until it can, point-in-time recovery cannot go past the newest stored segment; this alert resolves when storing works again.`,
    { state: receiver.state, lastError: receiver.lastError },
  );
}

/**
 * The archive trails the server: a segment completed longer than archiveStaleMs ago is still not
 * in Wayback's archive (or, with archive_command, not archived by PostgreSQL), or more than
 * maxSegmentsBehind completed segments are missing from it. Checked against Wayback's own
 * catalog, so an archive_command that exits 0 without storing anything is caught too. A server
 * that writes nothing never trips it.
 */
function archiveStale(f: MonitorFacts): RuleOutcome {
  const segSize = f.segmentSize ?? DEFAULT_WAL_SEGMENT_SIZE;
  const cur = current(f);
  if (!cur?.reachable) return unknown("archive_stale");
  const curSeg = segno(cur.currentSegment, segSize);
  if (curSeg === null) return unknown("archive_stale");
  // The newest pass at least archiveStaleMs old: every segment before the one it saw being
  // written had completed by then.
  const cutoff = f.now.getTime() - f.thresholds.archiveStaleMs;
  const old = [...f.observations].reverse().find((o) => o.takenAt.getTime() <= cutoff && o.reachable && o.currentSegment);
  const oldSeg = old ? segno(old.currentSegment, segSize) : null;
  const archives: { what: string; newest: string | null }[] = [];
  if (f.hasRepository) archives.push({ what: "Wayback's archive", newest: cur.archiveNewestSegment });
  if (f.walMode === "archive_command" && archiveOn(cur)) archives.push({ what: "PostgreSQL's archiver", newest: cur.lastArchivedWal });
  for (const a of archives) {
    const newest = segno(a.newest, segSize);
    // Nothing archived yet: count from the oldest segment this monitor saw being written.
    const first = segno(f.observations.find((o) => o.currentSegment)?.currentSegment ?? null, segSize);
    const archivedThrough = newest ?? (first === null ? null : first - 1n);
    if (archivedThrough === null) continue;
    const behind = curSeg - 1n - archivedThrough;
    const staleByTime = oldSeg !== null && archivedThrough < oldSeg - 1n;
    if (behind > BigInt(f.thresholds.maxSegmentsBehind) || staleByTime) {
      const newestText = a.newest ? `its newest segment is ${a.newest}` : "it holds no segment yet";
      const why = staleByTime
        ? `segments the server completed more than ${describeDuration(f.thresholds.archiveStaleMs)} ago are not there`
        : `it is ${behind} segments behind the server`;
      return firing(
        "archive_stale",
        `WAL of ${f.clusterName} is not reaching ${a.what}: ${why} (${newestText}; the server is writing ${cur.currentSegment}). Point-in-time recovery cannot go past the newest archived segment. ${f.walMode === "streaming" ? "Check the WAL receiver on the cluster page." : "Check that archive_command is Wayback's wal-push line from the cluster page (a command that exits 0 without storing the file looks like success to PostgreSQL)."}`,
        { archive: a.what, archiveNewestSegment: a.newest, currentSegment: cur.currentSegment, segmentsBehind: behind.toString() },
      );
    }
  }
  return clear("archive_stale");
}

const RECEIVER_DOWN = new Set(["retrying", "failed", "stopped"]);

/**
 * The streaming receiver has been down on two passes in a row (one worker handing it to another
 * is not an outage), while the server itself answers.
 */
function receiverDown(f: MonitorFacts): RuleOutcome {
  if (f.walMode !== "streaming" || !f.hasRepository) return clear("receiver_down");
  if (!f.receiver) return unknown("receiver_down");
  const cur = current(f);
  // An unreachable server is one alert (cluster_unreachable), not also its receiver's.
  if (cur && !cur.reachable) return unknown("receiver_down");
  const prev = previous(f);
  const down = (s: string | null | undefined) => s !== null && s !== undefined && RECEIVER_DOWN.has(s);
  if (!down(f.receiver.state)) return clear("receiver_down");
  if (!(down(cur?.receiverState) && down(prev?.receiverState))) return unknown("receiver_down");
  return firing(
    "receiver_down",
    `The WAL receiver of ${f.clusterName} is ${f.receiver.state}${f.receiver.lastError ? `: ${f.receiver.lastError}` : ""}. No WAL reaches the archive while it is down, and the slot ${f.receiver.slotName} keeps WAL on the server (its disk grows). Check that a Wayback worker is running and can connect for replication; the receiver restarts by itself once it can.`,
    { state: f.receiver.state, lastError: f.receiver.lastError, slotName: f.receiver.slotName },
  );
}

/**
 * A synchronous receiver that is down holds up every commit on a primary whose
 * synchronous_standby_names names it: said at once, without waiting for a second pass.
 */
function syncReceiverDown(f: MonitorFacts): RuleOutcome {
  if (!f.synchronousReceive || f.walMode !== "streaming" || !f.hasRepository) return clear("sync_receiver_down");
  if (!f.receiver) return unknown("sync_receiver_down");
  if (!RECEIVER_DOWN.has(f.receiver.state)) return clear("sync_receiver_down");
  return firing(
    "sync_receiver_down",
    `The synchronous WAL receiver of ${f.clusterName} is ${f.receiver.state}${f.receiver.lastError ? `: ${f.receiver.lastError}` : ""}. If the server's synchronous_standby_names names "${RECEIVER_APPLICATION_NAME}", every commit waits until the receiver is back. Start a Wayback worker that can connect for replication, or remove the receiver from synchronous_standby_names (then SELECT pg_reload_conf()) to let commits through without it.`,
    { state: f.receiver.state, lastError: f.receiver.lastError },
  );
}

function slotLag(f: MonitorFacts): RuleOutcome {
  const cur = current(f);
  if (f.walMode !== "streaming" || !f.hasRepository) return clear("slot_lag");
  if (!cur?.reachable) return unknown("slot_lag");
  if (cur.slotLagBytes === null || cur.slotLagBytes <= f.thresholds.slotLagMaxBytes) return clear("slot_lag");
  const mib = Number(cur.slotLagBytes / 1_048_576n);
  return firing(
    "slot_lag",
    `The replication slot ${f.receiver?.slotName ?? ""} of ${f.clusterName} holds ${mib} MiB of WAL on the server (limit ${Number(f.thresholds.slotLagMaxBytes / 1_048_576n)} MiB): the receiver is behind or down, and pg_wal grows until it catches up. Check the WAL receiver; if the cluster no longer archives with Wayback, drop the slot (SELECT pg_drop_replication_slot('${f.receiver?.slotName ?? "wayback_<cluster id>"}')) before the disk fills.`,
    { slotLagBytes: cur.slotLagBytes.toString() },
  );
}

function walGap(f: MonitorFacts): RuleOutcome {
  if (f.gaps.length === 0) return clear("wal_gap");
  const g = f.gaps[0]!;
  const range = g.firstSegment === g.lastSegment ? g.firstSegment : `${g.firstSegment} … ${g.lastSegment}`;
  const more = f.gaps.length > 1 ? ` (and ${f.gaps.length - 1} more gap${f.gaps.length > 2 ? "s" : ""})` : "";
  return firing(
    "wal_gap",
    `The WAL archive of ${f.clusterName} has a gap: ${g.missingCount} segment${g.missingCount === 1 ? "" : "s"} missing on timeline ${g.timeline} (${range})${more}. Recovery cannot replay across it, so moments after the gap are recoverable only from a backup taken after it. Take a new backup now; if the segments still exist in the server's pg_wal, archive them with wayback wal-push.`,
    { timeline: g.timeline, firstSegment: g.firstSegment, lastSegment: g.lastSegment, missingCount: g.missingCount, gaps: f.gaps.length },
  );
}

/** Due every backupEveryHours, with a quarter of the period as grace; a new cluster counts from its registration. */
function backupOverdue(f: MonitorFacts): RuleOutcome {
  const periodMs = f.backupEveryHours * 3_600_000;
  const since = f.newestCompleteBackupAt ?? f.clusterCreatedAt;
  const age = f.now.getTime() - since.getTime();
  if (age <= periodMs * 1.25) return clear("backup_overdue");
  const what = f.newestCompleteBackupAt
    ? `The newest complete backup of ${f.clusterName} finished ${describeDuration(age)} ago`
    : `${f.clusterName} has had no complete backup since it was registered ${describeDuration(age)} ago`;
  return firing(
    "backup_overdue",
    `${what}; one is due every ${f.backupEveryHours} h. Take one now with Back up now (and look at why the last ones did not happen), or change the cluster's backup period.`,
    {
      newestCompleteBackupAt: iso(f.newestCompleteBackupAt),
      backupEveryHours: f.backupEveryHours,
    },
  );
}

function backupFailed(f: MonitorFacts): RuleOutcome {
  const b = f.newestFinishedBackup;
  if (!b || b.status === "complete") return clear("backup_failed");
  return firing(
    "backup_failed",
    `The latest backup of ${f.clusterName} (${b.label}) failed: ${b.error?.split("\n")[0] ?? "no reason recorded"}. Fix the cause shown on the backup's page and take a new backup; this alert resolves when one completes.`,
    {
      backupId: b.id,
      // The whole error (the program's output tail after its cause line); the message has the cause.
      error: b.error,
    },
  );
}

/**
 * The latest recoverable moment is older than the RPO target while the server has written WAL
 * after it: commits made since then would be lost. An idle server does not trip it: with only
 * complete segments recoverable, less than a segment of WAL after the last archived commit is
 * idle; with the receiver's partial segment, less than IDLE_WAL_BYTES past what it received (the
 * checkpoints and standby snapshots an idle server writes between two uploads).
 */
const IDLE_WAL_BYTES = 64n * 1024n;

function describeBytes(n: bigint): string {
  return n >= 1_048_576n ? `${Number(n / 1_048_576n)} MiB` : `${Number(n / 1024n)} KiB`;
}

function rpoBreached(f: MonitorFacts): RuleOutcome {
  const segSize = f.segmentSize ?? DEFAULT_WAL_SEGMENT_SIZE;
  const cur = current(f);
  if (!f.latestRecoverable) {
    // No complete backup yet: backup_overdue speaks for that.
    if (!f.newestCompleteBackupAt) return clear("rpo_breached");
    return firing(
      "rpo_breached",
      `No moment of ${f.clusterName} can be recovered: no complete backup has the WAL it needs. Take a new backup now.`,
      {},
    );
  }
  if (!cur?.reachable || cur.currentLsn === null) return unknown("rpo_breached");
  const behindMs = f.now.getTime() - f.latestRecoverable.time.getTime();
  const unarchived = cur.currentLsn - f.latestRecoverable.lsn;
  const idle = f.latestRecoverable.partial ? IDLE_WAL_BYTES : BigInt(segSize);
  if (behindMs <= f.rpoTargetSeconds * 1000 || unarchived <= idle) return clear("rpo_breached");
  const partialError = f.receiver?.partialError;
  const partialFailing = partialError
    ? ` Uploading the partial segment fails (${f.receiver!.partialFailedAt ? `last at ${f.receiver!.partialFailedAt.toISOString()}: ` : ""}${partialError}).`
    : "";
  return firing(
    "rpo_breached",
    `The latest recoverable moment of ${f.clusterName} is ${f.latestRecoverable.time.toISOString()}, ${describeDuration(behindMs)} ago (target: ${describeDuration(f.rpoTargetSeconds * 1000)}), and ${describeBytes(unarchived)} of WAL written since is not recoverable.${partialFailing} Fix archiving (see the other alerts of this cluster) or take a new backup.`,
    {
      latestRecoverableTime: f.latestRecoverable.time.toISOString(),
      rpoTargetSeconds: f.rpoTargetSeconds,
      ...(partialError ? { partialError } : {}),
    },
  );
}

/** The alert a verification that found problems (or could not finish) raises. */
/**
 * A copy repository trails the archive like a stale archive trails the server: its oldest
 * segment not yet copied waited longer than archiveStaleMs, or more than maxSegmentsBehind wait.
 */
function copyLag(f: MonitorFacts): RuleOutcome {
  const behind = f.copies.filter(
    (c) => c.walLagSeconds * 1000 > f.thresholds.archiveStaleMs || c.walLagSegments > f.thresholds.maxSegmentsBehind,
  );
  const worst = behind.sort((a, b) => b.walLagSeconds - a.walLagSeconds)[0];
  if (!worst) return clear("copy_lag");
  return firing(
    "copy_lag",
    `WAL of ${f.clusterName} is not reaching the copy repository ${worst.name}: ${worst.walLagSegments} archived segment(s) wait, the oldest for ${describeDuration(worst.walLagSeconds * 1000)}. A restore from that repository cannot go past what it holds. Look at the copy jobs' errors in the cluster's Copies section and make the repository reachable.`,
    { repository: worst.name, segmentsBehind: worst.walLagSegments, secondsBehind: worst.walLagSeconds },
  );
}

export function verificationFailedMessage(what: string): string {
  return `Verifying the repository found a problem: ${what}. Backups or WAL with findings may not restore: see the findings on the cluster page, take a new backup if a backup is damaged, and verify again.`;
}

/** The alert a restore drill that failed a check (or could not finish) raises. */
export function drillFailedMessage(reason: string): string {
  return `The restore drill failed: ${reason}. Until a drill passes, do not count on restoring this cluster: open the drill report, fix the cause, and run the drill again.`;
}

/** The alert a WAL file Wayback refused to archive raises (an empty, short or foreign file; different contents under an archived name). */
export function walRefusedMessage(name: string, reason: string): string {
  return `Wayback refused to archive WAL file ${name}: ${reason} Until it is archived, PostgreSQL keeps retrying it and keeps the WAL after it on disk, and nothing after it can be recovered: fix the cause named here.`;
}
