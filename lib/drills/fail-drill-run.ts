import type { Db } from "@/lib/db/client";
import type { DrillRun } from "@/lib/drills/begin-drill";
import { DrillFailedError } from "@/lib/drills/check-drill";
import { raiseDrillAlert } from "@/lib/drills/drill-alert";
import { failDrill } from "@/lib/drills/drill-record";
import { copyLogTail } from "@/lib/restores/recover-recorded-copy";

/**
 * A drill that could not finish: recorded as failed, with the copy's PostgreSQL log tail when a
 * copy was made, and the cluster's "drill failed" alert raised. A drill that finished and failed
 * its checks (DrillFailedError) was recorded already.
 */
export async function failDrillRun(db: Db, run: DrillRun, err: unknown): Promise<void> {
  if (err instanceof DrillFailedError) return;
  const message = (err as Error).message;
  await failDrill(db, run.drill.id, message, run.made ? await copyLogTail(run.spec) : null);
  await raiseDrillAlert(db, { clusterId: run.drill.clusterId, drillId: run.drill.id, reason: message });
  await run.log(`failed: ${message}`);
}
