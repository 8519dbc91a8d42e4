import type { Job, Verification, VerificationFinding, VerificationResult } from "@/lib/db/generated/client";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export interface VerificationResultView {
  scope: "backup" | "wal";
  /** Backups: which one (null once the backup is gone). */
  backupId: string | null;
  backupLabel: string | null;
  /** WAL ranges: the timeline and the first and last segment of the range. */
  timeline: number | null;
  firstSegment: string | null;
  lastSegment: string | null;
  files: number;
  bytes: number;
  findings: number;
}

export interface VerificationFindingView {
  scope: "backup" | "wal";
  backupId: string | null;
  path: string;
  kind: string;
  message: string;
}

/** One verification as the API and UI see it: its progress while it runs, its outcome after. */
export interface VerificationView {
  id: string;
  clusterId: string;
  status: "running" | "passed" | "failed";
  /** The repository read; null on verifications from before copies (they read the primary). */
  repository: { id: string; name: string } | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  filesTotal: number | null;
  filesChecked: number;
  bytesTotal: number | null;
  bytesChecked: number;
  /** Why the verification could not finish, when it could not. */
  error: string | null;
  job: JobView | null;
  results: VerificationResultView[];
  /** Every finding (or, with a large number of them, the first `findings.length` of `findingCount`). */
  findings: VerificationFindingView[];
  findingCount: number;
}

export type VerificationRow = Verification & {
  job: Job | null;
  repository: { id: string; name: string } | null;
  results: (VerificationResult & { backup: { label: string } | null })[];
  findings: VerificationFinding[];
  _count: { findings: number };
};

export function presentVerification(v: VerificationRow): VerificationView {
  return {
    id: v.id,
    clusterId: v.clusterId,
    status: v.status,
    repository: v.repository,
    startedAt: v.startedAt.toISOString(),
    finishedAt: v.finishedAt?.toISOString() ?? null,
    durationMs: v.finishedAt ? v.finishedAt.getTime() - v.startedAt.getTime() : null,
    filesTotal: v.filesTotal,
    filesChecked: v.filesChecked,
    bytesTotal: v.bytesTotal === null ? null : Number(v.bytesTotal),
    bytesChecked: Number(v.bytesChecked),
    error: v.error,
    job: v.job ? presentJob(v.job) : null,
    results: v.results.map((r) => ({
      scope: r.scope,
      backupId: r.backupId,
      backupLabel: r.backup?.label ?? null,
      timeline: r.timeline,
      firstSegment: r.firstSegment,
      lastSegment: r.lastSegment,
      files: r.files,
      bytes: Number(r.bytes),
      findings: r.findings,
    })),
    findings: v.findings.map((f) => ({ scope: f.scope, backupId: f.backupId, path: f.path, kind: f.kind, message: f.message })),
    findingCount: v._count.findings,
  };
}
