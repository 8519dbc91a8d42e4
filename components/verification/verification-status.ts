import type { FindingKind } from "@/lib/domain/archive-verification";
import type { JobType } from "@/lib/queue/job-types";
import type { JobView } from "@/lib/jobs/job-view";
import type { VerificationView } from "@/lib/verification/verification-view";
import type { StatusLabel } from "@/components/ui/status-badge";

export const VERIFY_JOB_TYPE = "verify" satisfies JobType;

/** The cluster's verification job that has not finished, if any. */
export function pendingVerificationJob(jobs: readonly JobView[] | undefined): JobView | null {
  return jobs?.find((j) => j.type === VERIFY_JOB_TYPE && (j.status === "queued" || j.status === "running")) ?? null;
}

const STATUS: Record<VerificationView["status"], StatusLabel> = {
  running: { label: "Running", tone: "blue" },
  passed: { label: "Passed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function verificationStatus(status: VerificationView["status"]): StatusLabel {
  return STATUS[status];
}

/** The worker's verification phases (worker/processors/verify.ts) as people say them. */
const PHASES: Record<string, string> = {
  prepare: "Listing the repository",
  backups: "Reading backups",
  wal: "Reading the WAL archive",
  record: "Recording the result",
};

export function verificationPhaseLabel(phase: string | null | undefined): string {
  if (!phase) return "Starting";
  return PHASES[phase] ?? phase;
}

/** What each finding kind means, in a word or two (lib/domain/archive-verification.ts). */
const KINDS: Record<FindingKind, string> = {
  missing: "Missing",
  empty: "Empty",
  short: "Truncated",
  size: "Wrong size",
  checksum: "Checksum mismatch",
  unknown: "Unknown file",
  manifest: "Manifest",
  verifybackup: "pg_verifybackup",
  header: "Bad header",
  foreign: "Other system's WAL",
  duplicate: "Duplicate",
  gap: "Gap in WAL",
  history: "Timeline history",
};

export function findingKindLabel(kind: string): string {
  return KINDS[kind as FindingKind] ?? kind;
}
