import { UnrecoverableError } from "bullmq";
import { resolveAlert } from "@/lib/alerts/alert-record";
import type { Db } from "@/lib/db/client";
import type { PgBinaries } from "@/lib/pg/binaries";
import { assertReachedEnd } from "@/lib/domain/recovery-end";
import type { RestorePlan } from "@/lib/domain/restore-plan-types";
import type { TableKey } from "@/lib/domain/row-counts";
import type { DrillRun } from "@/lib/drills/begin-drill";
import { checkCopy } from "@/lib/drills/check-copy";
import { raiseDrillAlert } from "@/lib/drills/drill-alert";
import type { DrillCheck } from "@/lib/domain/drill-outcome";
import { finishDrill } from "@/lib/drills/drill-record";
import type { RecoveredCopy } from "@/lib/restores/recover-copy";

/** A drill that ran to the end and failed its checks: recorded and alerted already. */
export class DrillFailedError extends UnrecoverableError {}

/**
 * The copy's checks — promoted; at the end of the archive (a "latest" drill); pg_amcheck, row
 * counts against production, data checksums (checkCopy) — recorded as the drill's report. A
 * passing drill resolves the cluster's "drill failed" alert; a failing one raises it and throws
 * DrillFailedError, so the jobs list does not call a failed drill a success.
 */
export async function checkDrill(
  db: Db,
  run: DrillRun,
  opts: { plan: RestorePlan; copy: RecoveredCopy; activityAtTarget: ReadonlyMap<TableKey, number>; bins: PgBinaries; signal: AbortSignal },
): Promise<void> {
  const { drill: d, log } = run;
  const { outcome } = opts.copy;
  const checkStart = Date.now();
  const checks: DrillCheck[] = [
    { name: "promoted", ok: outcome.state === "promoted", detail: `recovery ended and the copy was promoted at ${outcome.replayLsn}` },
  ];
  if (d.targetKind === "latest") {
    try {
      assertReachedEnd(outcome.replayLsn, opts.plan.targetLsn, opts.plan.timeline);
      checks.push({ name: "reached end of archive", ok: true, detail: `replayed to ${outcome.replayLsn}` });
    } catch (err) {
      checks.push({ name: "reached end of archive", ok: false, detail: (err as Error).message });
    }
  }
  const checked = await checkCopy({
    spec: run.spec,
    bins: opts.bins,
    production: run.production,
    activityAtTarget: opts.activityAtTarget,
    tolerancePct: d.tolerancePct,
    signal: opts.signal,
    log,
  });
  checks.push(...checked.checks);
  const passed = await finishDrill(db, d.id, {
    checks,
    rowCounts: checked.rowCounts,
    checkMs: Date.now() - checkStart,
    totalMs: Date.now() - run.started,
  });
  if (passed) {
    await log("drill passed");
    await resolveAlert(db, d.clusterId, "drill_failed");
    return;
  }
  const reason = checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.detail}`)
    .join("; ");
  await raiseDrillAlert(db, { clusterId: d.clusterId, drillId: d.id, reason });
  await log(`drill failed: ${reason}`);
  throw new DrillFailedError(reason);
}
