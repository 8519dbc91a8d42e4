/**
 * Which backups a retention policy keeps, and why: the one planner behind both the retention job
 * and the policy form's preview.
 *
 * Rules, in order:
 * - Grandfather-father-son on complete backups: for each of the last N days, ISO weeks, months and
 *   years (calendar periods in the policy's time zone, the current one included), the newest
 *   complete backup of that period is kept ("monthly 2026-08").
 * - The newest complete backup is always kept, and at least `minComplete` complete backups (the
 *   newest ones not kept otherwise are added, "minimum 3").
 * - Backups a running restore or drill uses are kept ("in use by restore …").
 * - A differential or incremental backup restores only with the backup it was taken against: while
 *   it is kept (or still running) its parent is kept too ("parent of …"), and so on to its full.
 * - Running backups are left alone. A failed backup is expired once a backup started after it has
 *   completed; newer failures stay visible.
 * - A backup whose expiry was interrupted (status `expiring`) is finished, whatever else holds.
 * - Safety stop: when the newest finished backup (by start) failed, or the newest complete backup is older
 *   than the policy's shortest period (a day for a daily policy), the pipeline is broken and
 *   nothing else expires until a backup completes: a broken pipeline must not eat good backups.
 */
import { PERIOD_KINDS, periodKey, recentPeriods, type PeriodKind } from "./calendar-periods";

export interface RetentionRules {
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  keepYearly: number;
  /** Complete backups never undercut, whatever the periods say; at least 1. */
  minComplete: number;
  timeZone: string;
}

export interface RetentionBackup {
  id: string;
  status: "running" | "complete" | "failed" | "expiring";
  startedAt: Date;
  /** When the backup's copy ended (complete backups); null for running or failed ones. */
  stopTime: Date | null;
  /** The backup a differential or incremental was taken against; absent or null for a full. */
  parentId?: string | null;
}

export interface RetentionInputs {
  backups: RetentionBackup[];
  rules: RetentionRules;
  now: Date;
  /** Backup id → what is using it right now ("restore 3f2a…", "drill 9c1e…"). */
  inUse: ReadonlyMap<string, string>;
}

export type BackupDecision = { id: string; keep: true; reasons: string[] } | { id: string; keep: false; reason: string };

export interface RetentionPlan {
  /** One per backup, newest first. */
  decisions: BackupDecision[];
  /** Why nothing but interrupted expiries may proceed; null when the plan applies. */
  stopped: string | null;
}

const PERIOD_COUNT: Record<PeriodKind, keyof RetentionRules> = {
  daily: "keepDaily",
  weekly: "keepWeekly",
  monthly: "keepMonthly",
  yearly: "keepYearly",
};

const PERIOD_MS: Record<PeriodKind, number> = {
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 31 * 86_400_000,
  yearly: 366 * 86_400_000,
};

const PERIOD_WORD: Record<PeriodKind, string> = { daily: "day", weekly: "week", monthly: "month", yearly: "year" };

// Backups are ordered by when they started: every backup has a start, and a failed one has no stop
// to weigh against a complete one's. Mixing the two (a failure's start against an overlapping
// backup's stop) let a newer failure hide behind an older, longer backup and skip the safety stop.
const byStartNewestFirst = (a: RetentionBackup, b: RetentionBackup) =>
  b.startedAt.getTime() - a.startedAt.getTime() || a.id.localeCompare(b.id);
// Among complete backups "newest" means the latest recovery point, their stop.
const byStopNewestFirst = (a: RetentionBackup, b: RetentionBackup) =>
  b.stopTime!.getTime() - a.stopTime!.getTime() || a.id.localeCompare(b.id);

export function planRetention({ backups, rules, now, inUse }: RetentionInputs): RetentionPlan {
  const newestFirst = [...backups].sort(byStartNewestFirst);
  const complete = newestFirst.filter((b) => b.status === "complete" && b.stopTime !== null).sort(byStopNewestFirst);
  const reasons = new Map<string, string[]>(newestFirst.map((b) => [b.id, []]));
  const keep = (id: string, why: string) => reasons.get(id)!.push(why);

  for (const kind of PERIOD_KINDS) {
    const count = rules[PERIOD_COUNT[kind]] as number;
    if (count <= 0) continue;
    const wanted = new Set(recentPeriods(kind, count, now, rules.timeZone));
    const claimed = new Set<string>();
    for (const b of complete) {
      const key = periodKey(kind, b.stopTime!, rules.timeZone);
      if (wanted.has(key) && !claimed.has(key)) {
        claimed.add(key);
        keep(b.id, `${kind} ${key}`);
      }
    }
  }
  if (complete[0]) keep(complete[0].id, "newest");
  const keptComplete = () => complete.filter((b) => reasons.get(b.id)!.length > 0).length;
  for (const b of complete) {
    if (keptComplete() >= rules.minComplete) break;
    if (reasons.get(b.id)!.length === 0) keep(b.id, `minimum ${rules.minComplete}`);
  }
  for (const [id, user] of inUse) if (reasons.has(id)) keep(id, `in use by ${user}`);
  // Newest first, so a kept parent is reached after its child and keeps its own parent in turn.
  for (const b of newestFirst) {
    if (b.parentId && reasons.has(b.parentId) && (b.status === "running" || reasons.get(b.id)!.length > 0)) {
      keep(b.parentId, `parent of ${b.id}`);
    }
  }

  const stopped = safetyStop(newestFirst, complete, rules, now);
  const decisions = newestFirst.map((b): BackupDecision => {
    const why = reasons.get(b.id)!;
    if (b.status === "expiring") return { id: b.id, keep: false, reason: "expiry interrupted: finishing it" };
    if (b.status === "running") return { id: b.id, keep: true, reasons: ["running"] };
    if (stopped) return { id: b.id, keep: true, reasons: why.length > 0 ? why : ["retention stopped"] };
    if (why.length > 0) return { id: b.id, keep: true, reasons: why };
    if (b.status === "failed") {
      const newerComplete = complete.some((c) => c.startedAt > b.startedAt);
      return newerComplete
        ? { id: b.id, keep: false, reason: "failed, and a newer backup completed" }
        : { id: b.id, keep: true, reasons: ["newest failure"] };
    }
    return { id: b.id, keep: false, reason: "outside every retention period" };
  });
  return { decisions, stopped };
}

function safetyStop(newestFirst: RetentionBackup[], complete: RetentionBackup[], rules: RetentionRules, now: Date): string | null {
  const newestFinished = newestFirst.find((b) => b.status === "complete" || b.status === "failed");
  if (newestFinished?.status === "failed") {
    return "The newest backup failed: nothing expires until a backup completes again.";
  }
  const shortest = PERIOD_KINDS.find((kind) => (rules[PERIOD_COUNT[kind]] as number) > 0) ?? "daily";
  const newest = complete[0];
  if (newest && now.getTime() - newest.stopTime!.getTime() > PERIOD_MS[shortest]) {
    return `No backup has completed in the last ${PERIOD_WORD[shortest]}: nothing expires until one does.`;
  }
  return null;
}

/** The backups a plan keeps that can start a recovery (complete ones). */
export function keptCompleteIds(plan: RetentionPlan, backups: RetentionBackup[]): Set<string> {
  const kept = new Set(plan.decisions.filter((d) => d.keep).map((d) => d.id));
  return new Set(backups.filter((b) => b.status === "complete" && kept.has(b.id)).map((b) => b.id));
}

/**
 * What a repository's plan letting a backup (or dump) go means, given where it lives: a copy's
 * files go from that copy repository only; the files in its home repository (the one restores read
 * by default) go too, but while another repository's plan keeps a complete copy the backup is
 * handed over to it instead of expired; with no repository keeping it, it expires everywhere.
 * `keptIn`: the other repositories holding a complete copy whose plans keep it, in order of preference.
 */
export type RepositoryExpiry = { kind: "remove-copy" } | { kind: "hand-over"; to: string } | { kind: "expire" };

export function repositoryExpiry(opts: { repositoryId: string; home: string; keptIn: string[] }): RepositoryExpiry {
  if (opts.repositoryId !== opts.home) return { kind: "remove-copy" };
  const to = opts.keptIn.find((id) => id !== opts.repositoryId);
  return to ? { kind: "hand-over", to } : { kind: "expire" };
}
