import { UnrecoverableError } from "bullmq";
import type { Db } from "@/lib/db/client";
import { findingsSummary, type VerificationFinding } from "@/lib/domain/archive-verification";
import type { JobLog } from "@/lib/jobs/job-log";
import { raiseVerificationAlert, resolveVerificationAlert } from "@/lib/verification/verification-alert";

/**
 * After the record phase: a clean verification resolves the cluster's "verification failed"
 * alert (one raised reading the same repository); findings raise it and fail the job too (no retry: the repository would say the same), so
 * the jobs list shows it.
 */
export async function concludeVerification(
  db: Db,
  opts: { clusterId: string; verificationId: string; repositoryId: string | null; findings: VerificationFinding[]; log: JobLog },
): Promise<void> {
  const { clusterId, findings } = opts;
  await opts.log(`verification ${findings.length === 0 ? "passed" : "failed"}: ${findingsSummary(findings)}`);
  if (findings.length === 0) {
    await resolveVerificationAlert(db, { clusterId, repositoryId: opts.repositoryId });
    return;
  }
  await raiseVerificationAlert(db, { clusterId, verificationId: opts.verificationId, what: findingsSummary(findings) });
  throw new UnrecoverableError(`Verification failed: ${findingsSummary(findings)}`);
}
