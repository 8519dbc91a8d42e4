import type { Expiry, RetentionRun, ScheduledRun } from "@/lib/db/generated/client";
import type { ClusterRetentionPlan, RepositoryRetentionPlan } from "@/lib/retention/plan-for-cluster";

/** One repository's part of the dry run: every backup it holds kept or removed there and why, and the window that results. */
export interface RepositoryPreviewView {
  backups: {
    id: string;
    label: string;
    status: string;
    stopTime: string | null;
    keep: boolean;
    reasons: string[];
    storedSizeBytes: number | null;
  }[];
  stopped: string | null;
  walKeptBecause: string | null;
  expireCount: number;
  expireBytes: number;
  /** The earliest moment recoverable from this repository once the plan is applied, and today. */
  recoverableSince: { after: string | null; now: string | null };
  /** The moment the plan was made for. */
  now: string;
}

/** A copy repository's part, planned with its own policy's counts or the previewed ones. */
export interface CopyPreviewView extends RepositoryPreviewView {
  repositoryId: string;
  name: string;
  /** null: the copy repository follows the cluster's policy (the previewed counts). */
  policyName: string | null;
}

/** The policy form's dry run: the primary repository's plan, and each copy repository's. */
export interface RetentionPreviewView extends RepositoryPreviewView {
  copies: CopyPreviewView[];
}

export function presentPreview(p: ClusterRetentionPlan): RetentionPreviewView {
  return {
    ...presentRepositoryPlan(p, p.now),
    copies: p.copies.map((c) => ({
      repositoryId: c.repositoryId,
      name: c.name,
      policyName: c.policyName,
      ...presentRepositoryPlan(c, p.now),
    })),
  };
}

// The planner names a kept child by id ("parent of <id>", lib/domain/retention.ts); people read labels.
const PARENT_OF = "parent of ";
function dependentReason(reason: string, byId: Map<string, { label: string }>): string {
  if (!reason.startsWith(PARENT_OF)) return reason;
  const child = byId.get(reason.slice(PARENT_OF.length));
  return `a kept backup depends on it (${child?.label ?? "running"})`;
}

function presentRepositoryPlan(p: RepositoryRetentionPlan, now: Date): RepositoryPreviewView {
  const byId = new Map(p.backups.map((b) => [b.id, b]));
  const backups = p.plan.decisions.map((d) => {
    const b = byId.get(d.id)!;
    return {
      id: b.id,
      label: b.label,
      status: b.status,
      stopTime: b.stopTime?.toISOString() ?? null,
      keep: d.keep,
      reasons: d.keep ? d.reasons.map((r) => dependentReason(r, byId)) : [d.reason],
      storedSizeBytes: b.storedSizeBytes === null ? null : Number(b.storedSizeBytes),
    };
  });
  const expired = backups.filter((b) => !b.keep);
  return {
    backups,
    stopped: p.plan.stopped,
    walKeptBecause: p.cutoff.keptBecause,
    expireCount: expired.length,
    expireBytes: expired.reduce((n, b) => n + (b.storedSizeBytes ?? 0), 0),
    recoverableSince: { after: p.recoverableSince.after?.toISOString() ?? null, now: p.recoverableSince.now?.toISOString() ?? null },
    now: now.toISOString(),
  };
}

export interface ScheduledRunView {
  kind: string;
  dueAt: string;
  ranAt: string;
  missed: number;
  jobId: string | null;
  outcome: string;
}

export interface ExpiryView {
  kind: string;
  backupId: string | null;
  dumpId: string | null;
  label: string | null;
  takenAt: string | null;
  timeline: number | null;
  firstSegment: string | null;
  lastSegment: string | null;
  files: number;
  bytes: number;
  reason: string;
  finishedAt: string | null;
}

export interface RetentionRunView {
  id: string;
  jobId: string | null;
  status: string;
  stopped: string | null;
  walKeptBecause: string | null;
  backupsExpired: number;
  dumpsExpired: number;
  walFilesRemoved: number;
  bytesRemoved: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  expiries: ExpiryView[];
}

export function presentScheduledRun(r: ScheduledRun): ScheduledRunView {
  return { kind: r.kind, dueAt: r.dueAt.toISOString(), ranAt: r.ranAt.toISOString(), missed: r.missed, jobId: r.jobId, outcome: r.outcome };
}

export function presentRetentionRun(r: RetentionRun & { expiries: Expiry[] }): RetentionRunView {
  return {
    id: r.id,
    jobId: r.jobId,
    status: r.status,
    stopped: r.stopped,
    walKeptBecause: r.walKeptBecause,
    backupsExpired: r.backupsExpired,
    dumpsExpired: r.dumpsExpired,
    walFilesRemoved: r.walFilesRemoved,
    bytesRemoved: Number(r.bytesRemoved),
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    expiries: r.expiries.map((e) => ({
      kind: e.kind,
      backupId: e.backupId,
      dumpId: e.dumpId,
      label: e.label,
      takenAt: e.takenAt?.toISOString() ?? null,
      timeline: e.timeline,
      firstSegment: e.firstSegment,
      lastSegment: e.lastSegment,
      files: e.files,
      bytes: Number(e.bytes),
      reason: e.reason,
      finishedAt: e.finishedAt?.toISOString() ?? null,
    })),
  };
}
