/**
 * The production checklist on each cluster page: what a team needs before it can trust its
 * backups, each item computed from real state and either met or not, with the reason and the fix.
 */
import { describeDuration } from "./alert-rules";

export type ChecklistKey =
  "scheduled_backups" | "wal_archiving" | "verification" | "restore_tested" | "retention" | "monitoring" | "offsite" | "recovery_time";

export interface ChecklistItem {
  key: ChecklistKey;
  label: string;
  ok: boolean;
  /** Why it is met or not, with the facts. */
  detail: string;
  /** What to do; null when met. */
  fix: string | null;
}

export interface ChecklistFacts {
  now: Date;
  walMode: "streaming" | "archive_command";
  backupEveryHours: number;
  newestCompleteBackupAt: Date | null;
  /** Newest segment in Wayback's archive and when it was stored. */
  archiveNewest: { name: string; archivedAt: Date } | null;
  receiverState: string | null;
  /** archive_mode as the monitor last read it (null: never read). */
  archiveMode: string | null;
  /** Open archive alerts (archive_failing, archive_stale, receiver_down, wal_gap) by rule. */
  openArchiveAlerts: string[];
  newestPassedVerificationAt: Date | null;
  newestPassedDrill: { finishedAt: Date; totalMs: number | null } | null;
  /** The cluster's policy (null: none) and its newest retention run. */
  retention: {
    policy: string | null;
    scheduled: boolean;
    lastRun: { status: "running" | "finished" | "failed"; stopped: string | null; error: string | null } | null;
  };
  monitoringOn: boolean;
  /** When the monitor last sampled this cluster. */
  lastSampleAt: Date | null;
  monitorIntervalMs: number;
  /** Enabled channels covering critical alerts of this cluster. */
  coveringChannels: string[];
  /** The primary repository (kind "posix": a directory on the worker's host) and whether the database runs on that host too. */
  repository: { name: string; kind: string; sameHostAsCluster: boolean } | null;
  /** Each copy repository: does it hold the newest complete backup, and how long its WAL trails the archive. */
  copies: { name: string; holdsNewestBackup: boolean; walLagSeconds: number }[];
  rpoTargetSeconds: number;
}

const DAY = 86_400_000;
export const VERIFICATION_EVERY_DAYS = 7;
export const DRILL_EVERY_DAYS = 30;

const ago = (now: Date, d: Date) => {
  const h = (now.getTime() - d.getTime()) / 3_600_000;
  return h < 48 ? `${Math.max(0, Math.round(h))} h ago` : `${Math.round(h / 24)} days ago`;
};

export function productionChecklist(f: ChecklistFacts): ChecklistItem[] {
  return [
    scheduledBackups(f),
    walArchiving(f),
    verification(f),
    restoreTested(f),
    retention(f),
    monitoring(f),
    offsite(f),
    recoveryTime(f),
  ];
}

function scheduledBackups(f: ChecklistFacts): ChecklistItem {
  const label = "Base backups at least daily";
  const base = { key: "scheduled_backups" as const, label };
  if (f.backupEveryHours > 24) {
    return {
      ...base,
      ok: false,
      detail: `Backups are due every ${f.backupEveryHours} h, less often than daily.`,
      fix: "Edit the cluster and set its backup period to 24 h or less.",
    };
  }
  if (!f.newestCompleteBackupAt) return { ...base, ok: false, detail: "There is no complete backup.", fix: "Take one with Back up now." };
  const due = f.backupEveryHours * 3_600_000 * 1.25;
  if (f.now.getTime() - f.newestCompleteBackupAt.getTime() > due) {
    return {
      ...base,
      ok: false,
      detail: `The newest complete backup finished ${ago(f.now, f.newestCompleteBackupAt)}; one is due every ${f.backupEveryHours} h.`,
      fix: "Take a backup now and make sure whatever starts them (cron calling the API) runs.",
    };
  }
  return {
    ...base,
    ok: true,
    detail: `The newest complete backup finished ${ago(f.now, f.newestCompleteBackupAt)} (due every ${f.backupEveryHours} h).`,
    fix: null,
  };
}

function walArchiving(f: ChecklistFacts): ChecklistItem {
  const base = { key: "wal_archiving" as const, label: "WAL archiving working" };
  if (f.openArchiveAlerts.length > 0) {
    return {
      ...base,
      ok: false,
      detail: `Open alert${f.openArchiveAlerts.length > 1 ? "s" : ""}: ${f.openArchiveAlerts.join(", ")}.`,
      fix: "Follow the fix in the alert (Alerts page or the banner above).",
    };
  }
  if (f.walMode === "streaming" && f.receiverState !== "streaming") {
    return {
      ...base,
      ok: false,
      detail: `The WAL receiver is ${f.receiverState ?? "not started"}.`,
      fix: "Make sure a Wayback worker runs and the cluster accepts replication connections (see Readiness).",
    };
  }
  if (f.walMode === "archive_command" && f.archiveMode !== null && f.archiveMode === "off") {
    return {
      ...base,
      ok: false,
      detail: "archive_mode is off on the server.",
      fix: "Set archive_mode = on and archive_command to the line under Archiving, then restart PostgreSQL.",
    };
  }
  if (!f.archiveNewest)
    return {
      ...base,
      ok: false,
      detail: "No WAL segment has reached the archive yet.",
      fix:
        f.walMode === "streaming"
          ? "Wait for the receiver's first segment, or run SELECT pg_switch_wal(); on the server."
          : "Install the archive_command shown under Archiving, then run SELECT pg_switch_wal(); on the server.",
    };
  return {
    ...base,
    ok: true,
    detail: `The newest archived segment, ${f.archiveNewest.name}, arrived ${ago(f.now, f.archiveNewest.archivedAt)}; no archive alert is open.`,
    fix: null,
  };
}

function verification(f: ChecklistFacts): ChecklistItem {
  const base = { key: "verification" as const, label: "Verification at least weekly" };
  const v = f.newestPassedVerificationAt;
  if (v && f.now.getTime() - v.getTime() <= VERIFICATION_EVERY_DAYS * DAY)
    return { ...base, ok: true, detail: `The repository last verified clean ${ago(f.now, v)}.`, fix: null };
  return {
    ...base,
    ok: false,
    detail: v ? `The last clean verification was ${ago(f.now, v)}.` : "No verification has passed.",
    fix: "Run Verify on this page, and schedule it weekly.",
  };
}

function restoreTested(f: ChecklistFacts): ChecklistItem {
  const base = { key: "restore_tested" as const, label: `Restore tested (a drill passed within ${DRILL_EVERY_DAYS} days)` };
  const d = f.newestPassedDrill;
  if (d && f.now.getTime() - d.finishedAt.getTime() <= DRILL_EVERY_DAYS * DAY)
    return { ...base, ok: true, detail: `A restore drill passed ${ago(f.now, d.finishedAt)}.`, fix: null };
  return {
    ...base,
    ok: false,
    detail: d ? `The last passing drill was ${ago(f.now, d.finishedAt)}.` : "No restore drill has passed.",
    fix: "Run a drill from the Restore drills section.",
  };
}

function retention(f: ChecklistFacts): ChecklistItem {
  const base = { key: "retention" as const, label: "Retention policy defined and enforced" };
  const r = f.retention;
  if (!r.policy)
    return {
      ...base,
      ok: false,
      detail: "No policy: backups and WAL stay until removed by hand, and the repository only grows.",
      fix: "Create a policy on the Policies page and choose it on this page.",
    };
  if (!r.scheduled)
    return {
      ...base,
      ok: false,
      detail: `Policy ${r.policy} has no retention schedule: nothing expires unless someone clicks "Enforce retention now".`,
      fix: `Give policy ${r.policy} a retention schedule (e.g. 30 3 * * *).`,
    };
  if (r.lastRun?.status === "failed")
    return {
      ...base,
      ok: false,
      detail: `The last enforcement failed: ${r.lastRun.error ?? "no reason recorded"}.`,
      fix: "Read the retention job's log, fix the cause and enforce again.",
    };
  if (r.lastRun?.stopped)
    return {
      ...base,
      ok: false,
      detail: `The last enforcement stopped: ${r.lastRun.stopped}`,
      fix: "Get a backup to complete; retention resumes on its own.",
    };
  return {
    ...base,
    ok: true,
    detail: `Policy ${r.policy} is enforced on its schedule${r.lastRun ? "" : " (it has not run yet)"}.`,
    fix: null,
  };
}

function monitoring(f: ChecklistFacts): ChecklistItem {
  const base = { key: "monitoring" as const, label: "Archive-failure monitoring and notification" };
  if (!f.monitoringOn)
    return {
      ...base,
      ok: false,
      detail: "Monitoring is off (WAYBACK_MONITOR_INTERVAL_MS=0).",
      fix: "Unset WAYBACK_MONITOR_INTERVAL_MS (default 30 s) and restart the workers.",
    };
  if (!f.lastSampleAt || f.now.getTime() - f.lastSampleAt.getTime() > 3 * f.monitorIntervalMs + 60_000) {
    return {
      ...base,
      ok: false,
      detail: f.lastSampleAt ? `The monitor last looked ${ago(f.now, f.lastSampleAt)}.` : "The monitor has not looked at this cluster yet.",
      fix: "Make sure a Wayback worker is running.",
    };
  }
  if (f.coveringChannels.length === 0) {
    return {
      ...base,
      ok: false,
      detail: "Alerts are raised, but no enabled notification channel sends this cluster's critical alerts to anyone.",
      fix: "Add a channel (email, chat or paging) on the Notifications page covering this cluster and critical alerts.",
    };
  }
  return {
    ...base,
    ok: true,
    detail: `Watched every ${Math.round(f.monitorIntervalMs / 1000)} s; critical alerts go to ${f.coveringChannels.join(", ")}.`,
    fix: null,
  };
}

/**
 * Green only when a repository other than the worker-local one holds the newest backup and the WAL
 * within the RPO: a primary that is not a directory on the worker's host, or a copy repository
 * that has caught up.
 */
function offsite(f: ChecklistFacts): ChecklistItem {
  const base = { key: "offsite" as const, label: "Backups stored off the database host" };
  if (!f.repository)
    return { ...base, ok: false, detail: "The cluster has no repository.", fix: "Choose a repository for the cluster (Edit)." };
  if (f.repository.kind !== "posix")
    return {
      ...base,
      ok: true,
      detail: `The primary repository ${f.repository.name} is object storage, off the worker's host.`,
      fix: null,
    };
  const current = f.copies.find((c) => c.holdsNewestBackup && c.walLagSeconds <= f.rpoTargetSeconds);
  if (current) {
    return {
      ...base,
      ok: true,
      detail: `The copy repository ${current.name} holds the newest backup, and WAL up to ${current.walLagSeconds} s behind the archive.`,
      fix: null,
    };
  }
  const where = f.repository.sameHostAsCluster ? "on the database's own host" : "only on the worker's host";
  if (f.copies.length === 0) {
    return {
      ...base,
      ok: false,
      detail: `Every backup and WAL segment is in ${f.repository.name}, a directory ${where}: losing that host loses them.`,
      fix: "Add a copy repository on other storage (an S3 bucket, or a directory mounted from another machine) in the cluster's Copies section.",
    };
  }
  const lagging = f.copies.map((c) =>
    c.holdsNewestBackup
      ? `${c.name} trails the archive by ${describeDuration(c.walLagSeconds * 1000)} (RPO ${describeDuration(f.rpoTargetSeconds * 1000)})`
      : `${c.name} lacks the newest backup`,
  );
  return {
    ...base,
    ok: false,
    detail: `No copy repository is current: ${lagging.join("; ")}.`,
    fix: "Look at the copy jobs' errors in the cluster's Copies section and make the copy repository reachable; the next copy run catches up.",
  };
}

function recoveryTime(f: ChecklistFacts): ChecklistItem {
  const base = { key: "recovery_time" as const, label: "Recovery time measured" };
  const d = f.newestPassedDrill;
  if (d?.totalMs != null)
    return { ...base, ok: true, detail: `The last passing drill recovered in ${Math.round(d.totalMs / 1000)} s.`, fix: null };
  return {
    ...base,
    ok: false,
    detail: "No drill has measured how long a recovery takes.",
    fix: "Run a restore drill: it times the restore from backup and WAL.",
  };
}

/** Whether the database host and the worker (where posix repositories live) are the same machine. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || h.startsWith("127.") || h === "0.0.0.0";
}
