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
  await finishVerificationRecord(db, run.verificationId, { results, findings, checkedBackupIds: run.plan.backups.map((b) => b.backup.id) });
  return findings;
}
