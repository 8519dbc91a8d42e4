import { raiseAlert } from "@/lib/alerts/alert-record";
import type { Db } from "@/lib/db/client";
import { ALERT_RULES, drillFailedMessage } from "@/lib/domain/alert-rules";

/** A drill that failed, or could not finish, raises its cluster's "drill failed" alert. */
export async function raiseDrillAlert(db: Db, opts: { clusterId: string; drillId: string; reason: string }): Promise<void> {
  await raiseAlert(db, {
    clusterId: opts.clusterId,
    rule: "drill_failed",
    severity: ALERT_RULES.drill_failed.severity,
    message: drillFailedMessage(opts.reason),
    details: { drillId: opts.drillId },
  });
}
