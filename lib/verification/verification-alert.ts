import { raiseAlert } from "@/lib/alerts/alert-record";
import type { Db } from "@/lib/db/client";
import { ALERT_RULES, verificationFailedMessage } from "@/lib/domain/alert-rules";

/** Raises (or renews) the cluster's "verification failed" alert, saying what failed. */
export async function raiseVerificationAlert(db: Db, opts: { clusterId: string; verificationId: string; what: string }): Promise<void> {
  await raiseAlert(db, {
    clusterId: opts.clusterId,
    rule: "verification_failed",
    severity: ALERT_RULES.verification_failed.severity,
    message: verificationFailedMessage(opts.what),
    details: { verificationId: opts.verificationId },
  });
}
