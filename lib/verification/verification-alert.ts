import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import { readAlertDetails } from "@/lib/domain/alert-details";
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

/**
 * A clean verification resolves the cluster's "verification failed" alert only when the failed one
 * read the same repository: a copy verified clean says nothing of damage found in the primary, nor
 * the primary of damage in a copy. Null repository: the primary (rows from before copies).
 */
export async function resolveVerificationAlert(db: Db, opts: { clusterId: string; repositoryId: string | null }): Promise<void> {
  const { clusterId } = opts;
  const open = await db.alert.findFirst({
    where: { clusterId, rule: "verification_failed", state: { in: ["open", "acknowledged"] } },
    select: { id: true, details: true },
  });
  if (!open) return;
  const raisedBy = readAlertDetails(open)?.verificationId;
  const failed =
    typeof raisedBy === "string" ? await db.verification.findUnique({ where: { id: raisedBy }, select: { repositoryId: true } }) : null;
  const { repositoryId: primary } = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { repositoryId: true } });
  const read = (id: string | null | undefined) => id ?? primary;
  // An alert whose verification is gone cannot be told apart: any clean verification resolves it, as before.
  if (failed && read(failed.repositoryId) !== read(opts.repositoryId)) return;
  await resolveAlert(db, clusterId, "verification_failed");
}
