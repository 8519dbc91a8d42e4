/**
 * "Test" on a repository: the worker tries each operation backups need, in a scratch prefix, and
 * the result says which ones failed and, for S3, which permission each needs, so the operator
 * knows what to grant rather than meeting it at the first backup.
 */
export type RepositoryTestStep = "write" | "list" | "read" | "delete";

/** The order the worker tries them in: reading and deleting need the written object. */
export const REPOSITORY_TEST_STEPS: readonly RepositoryTestStep[] = ["write", "list", "read", "delete"];

const S3_PERMISSION: Record<RepositoryTestStep, string> = {
  write: "s3:PutObject",
  list: "s3:ListBucket",
  read: "s3:GetObject",
  delete: "s3:DeleteObject",
};

/** `ok` null: not tried, because the object it needs was never written. */
export interface RepositoryTestStepOutcome {
  step: RepositoryTestStep;
  ok: boolean | null;
  error?: string;
}

export interface RepositoryTestResult {
  ok: boolean;
  /** The S3 permissions of the failed steps (empty for posix and for a pass). */
  missing: string[];
  detail: string;
}

const label = (kind: "posix" | "s3", step: RepositoryTestStep) => (kind === "s3" ? `${step} (${S3_PERMISSION[step]})` : step);

export function summariseRepositoryTest(kind: "posix" | "s3", steps: readonly RepositoryTestStepOutcome[]): RepositoryTestResult {
  const failed = steps.filter((s) => s.ok === false);
  const passed = steps.filter((s) => s.ok === true);
  const skipped = steps.filter((s) => s.ok === null);
  if (failed.length === 0 && skipped.length === 0) {
    return { ok: true, missing: [], detail: `Every operation works: ${steps.map((s) => label(kind, s.step)).join(", ")}.` };
  }
  const missing = kind === "s3" ? failed.map((s) => S3_PERMISSION[s.step]) : [];
  const errors = [...new Set(failed.map((s) => s.error ?? "no reason given"))];
  // A refused key or a missing bucket fails every step alike: one sentence says it once.
  const failures =
    errors.length === 1 && failed.length > 1
      ? `${failed.map((s) => label(kind, s.step)).join(", ")} failed: ${errors[0]}`
      : failed.map((s) => `${label(kind, s.step)} failed: ${s.error ?? "no reason given"}`).join(" ");
  const parts = [
    failures,
    skipped.length ? `Not tried (they need the written object): ${skipped.map((s) => label(kind, s.step)).join(", ")}.` : "",
    passed.length ? `Worked: ${passed.map((s) => label(kind, s.step)).join(", ")}.` : "",
    missing.length ? `Grant the access key ${missing.join(", ")} on this bucket and prefix, or fix what the errors name.` : "",
  ];
  return { ok: false, missing, detail: parts.filter(Boolean).join(" ") };
}
