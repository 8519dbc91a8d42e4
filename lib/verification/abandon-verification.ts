import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import { raiseVerificationAlert } from "@/lib/verification/verification-alert";
import { failVerificationRecord } from "@/lib/verification/verification-record";

/** An error stopped the verification: its row fails with the reason, and the cluster's alert says so. */
export async function abandonVerification(
  db: Db,
  opts: { clusterId: string; verificationId: string; error: Error; log: JobLog },
): Promise<void> {
  const { clusterId, verificationId, error } = opts;
  await failVerificationRecord(db, verificationId, error.message);
  await raiseVerificationAlert(db, { clusterId, verificationId, what: `the verification could not finish: ${error.message}` });
  await opts.log(`failed: ${error.message}`);
}
