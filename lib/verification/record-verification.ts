import type { Db } from "@/lib/db/client";
import type { VerificationFinding } from "@/lib/domain/archive-verification";
import type { VerificationRun } from "@/lib/verification/prepare-verification";
import { finishVerificationRecord } from "@/lib/verification/verification-record";

/**
 * The verification job's record phase: the last progress written, then results and findings
 * stored; the row turns passed, or failed with its findings. Returns the findings.
 */
export async function recordVerification(db: Db, run: VerificationRun): Promise<VerificationFinding[]> {
  await run.meter.flush();
  const { results, findings } = run;
  // A backup's "latest verification" is of the primary's files: a copy's outcome stays on its own row.
  const checkedBackupIds = run.copy ? [] : run.plan.backups.map((b) => b.backup.id);
  await finishVerificationRecord(db, run.verificationId, { results, findings, checkedBackupIds });
  return findings;
}
