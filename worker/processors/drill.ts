import path from "node:path";
import { UnrecoverableError } from "bullmq";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import { ALERT_RULES, drillFailedMessage } from "@/lib/domain/alert-rules";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import { formatLsn } from "@/lib/domain/lsn";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { assertReachedEnd } from "@/lib/domain/recovery-end";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { checkCopy } from "@/lib/drills/check-copy";
import { failDrill, finishDrill, markDrillRunning, recordDrillBackup, recordDrillFacts, type DrillCheck } from "@/lib/drills/drill-record";
import { sweepStaleDrills } from "@/lib/drills/sweep-stale-drills";
import { tableActivity } from "@/lib/drills/table-activity";
import { appendJobLog } from "@/lib/jobs/job-log";
import { destroyInstance, instanceLogPath, readLogTail, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { switchWal } from "@/lib/pg/switch-wal";
import { createRestorePoint } from "@/lib/restore-points/create-restore-point";
import { copyLogins } from "@/lib/restores/copy-logins";
import { destinationFor } from "@/lib/restores/destination";
import { recoverCopy } from "@/lib/restores/recover-copy";
import { nextFreeRestorePort } from "@/lib/restores/next-free-port";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import type { Processor } from "@/worker/processor";

const PLAN_WAIT_MS = 120_000;

class DrillFailedError extends UnrecoverableError {}

/**
 * A restore drill, as the guide says and few do: restore the newest backup with its WAL into a
 * throwaway instance on this host, check it, measure it, remove it.
 *  1. target — a restore point created on production now (default), or the end of the archive
 *     after production closed its current segment; planned exactly as a restore would be, once
 *     the archive holds the WAL it needs; production's per-table write counters are read here;
 *  2. recover — restore base, configure (archive_mode off), replay: recoverCopy();
 *  3. check — promoted; pg_amcheck; row counts against production; data checksums (stopped);
 *  4. clean up — the instance and its files are removed whatever happened.
 * The timings are the cluster's measured recovery time. A drill that fails, or cannot finish,
 * raises the cluster's "drill failed" alert; a passing one resolves it.
 */
export const drill: Processor<"drill"> = async ({ payload, deps, signal, progress }) => {
  const { db, config } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);
  const d = await db.drill.findUniqueOrThrow({ where: { jobId: payload.jobId }, include: { cluster: true } });
  const started = Date.now();
  await markDrillRunning(db, d.id);
  await progress({ phase: "prepare" });
  const production = await connectionTarget(db, d.clusterId, config.secretKey);
  const spec: InstanceSpec = {
    dataDir: path.join(config.restore.roots[0]!, `drill-${d.id.slice(0, 8)}-${randomBytes(3).toString("hex")}`),
    port: await nextFreeRestorePort(db, config.restore.ports, config.restore.ports.from - 1),
    bins: deps.pgBinaries,
    osUser: await resolveServerUser(config.pg.osUser),
  };
  const swept = await sweepStaleDrills(db, { clusterId: d.clusterId, exceptJobId: payload.jobId, instance: { bins: spec.bins, osUser: spec.osUser } });
  if (swept.length) await log(`removed the copies of ${swept.length} interrupted drill(s) of this cluster`);
  let made = false;
  try {
    // 1. target
    await progress({ phase: "target" });
    let target: RestoreTarget = { kind: "latest" };
    let closed: string | null = null;
    if (d.targetKind === "latest") {
      // Everything written so far should be in the archive the drill replays, not in the segment production is still filling.
      closed = await switchWal(production).catch(async (err: Error) => {
        await log(`could not switch WAL on production (${err.message}): the drill replays what is archived`);
        return null;
      });
    } else {
      const name = `wayback-drill-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}-${d.id.slice(0, 4)}`;
      const point = await createRestorePoint(db, { clusterId: d.clusterId, name, secretKey: config.secretKey });
      target = { kind: "name", name };
      await recordDrillFacts(db, d.id, { restorePoint: name });
      await log(`created restore point ${name} at ${point.lsn} on production`);
    }
    const activityAtTarget = await tableActivity(production, signal);
    const plan = await planOnceArchived(db, d.clusterId, target, closed, signal);
    await recordDrillBackup(db, { id: d.id, clusterId: d.clusterId, backupId: plan.backupId, facts: { port: spec.port, dataDir: spec.dataDir, targetLsn: plan.targetLsn === null ? null : formatLsn(plan.targetLsn) } });
    await log(`plan: ${plan.reason}`);

    // 2. recover
    await destinationFor("new_instance", spec).prepare();
    made = true;
    const backup = await db.backup.findUniqueOrThrow({ where: { id: plan.backupId }, include: { files: true, repository: true } });
    const copy = await recoverCopy({
      db, cli: config.cli, backup, spec,
      target: { target: plan.recovery.target, value: plan.recovery.value, inclusive: plan.recovery.inclusive },
      targetLsn: plan.targetLsn, timeline: plan.timeline, pauseAtTarget: false, archiveOff: true, hba: "trust-socket",
      login: copyLogins("new_instance", spec, production).watch,
      portFallback: {
        nextPort: (taken) => nextFreeRestorePort(db, config.restore.ports, taken),
        onPort: async (port, taken) => {
          await recordDrillFacts(db, d.id, { port });
          await log(`port ${taken} was taken before PostgreSQL started; using ${port}`);
        },
      },
      signal, progress, log,
      afterBase: ({ baseMs, storedBytes }) => recordDrillFacts(db, d.id, { baseMs, baseBytes: BigInt(storedBytes) }),
    });
    await recordDrillFacts(db, d.id, { replayMs: copy.replayMs, walBytes: copy.walBytes, reachedLsn: copy.outcome.replayLsn });

    // 3. check
    await progress({ phase: "check" });
    const checkStart = Date.now();
    const checks: DrillCheck[] = [{ name: "promoted", ok: copy.outcome.state === "promoted", detail: `recovery ended and the copy was promoted at ${copy.outcome.replayLsn}` }];
    if (d.targetKind === "latest") {
      try {
        assertReachedEnd(copy.outcome.replayLsn, plan.targetLsn, plan.timeline);
        checks.push({ name: "reached end of archive", ok: true, detail: `replayed to ${copy.outcome.replayLsn}` });
      } catch (err) {
        checks.push({ name: "reached end of archive", ok: false, detail: (err as Error).message });
      }
    }
    const checked = await checkCopy({ spec, bins: deps.pgBinaries, production, activityAtTarget, tolerancePct: d.tolerancePct, signal, log });
    checks.push(...checked.checks);
    const passed = await finishDrill(db, d.id, { checks, rowCounts: checked.rowCounts, checkMs: Date.now() - checkStart, totalMs: Date.now() - started });
    if (passed) {
      await log("drill passed");
      await resolveAlert(db, d.clusterId, "drill_failed");
      return;
    }
    const reason = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join("; ");
    await raiseDrillAlert(d.clusterId, d.id, reason);
    await log(`drill failed: ${reason}`);
    // Recorded already; the job fails too, so the jobs list does not call a failed drill a success.
    throw new DrillFailedError(reason);
  } catch (err) {
    if (err instanceof DrillFailedError) throw err;
    const tail = made ? await readLogTail(instanceLogPath(spec), 30).catch(() => "") : "";
    await failDrill(db, d.id, (err as Error).message, tail || null);
    await raiseDrillAlert(d.clusterId, d.id, (err as Error).message);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  } finally {
    // 4. clean up
    await progress({ phase: "clean up" });
    if (made) await destroyInstance(spec);
    await recordDrillFacts(db, d.id, { cleanedUpAt: new Date() });
  }

  async function raiseDrillAlert(clusterId: string, drillId: string, reason: string) {
    await raiseAlert(db, { clusterId, rule: "drill_failed", severity: ALERT_RULES.drill_failed.severity, message: drillFailedMessage(reason), details: { drillId } });
  }
};

/**
 * The drill's plan, as a restore would get it, once the archive holds the WAL the target needs
 * (and the segment `closed` on production for a "latest" drill).
 */
async function planOnceArchived(db: Db, clusterId: string, target: RestoreTarget, closed: string | null, signal: AbortSignal) {
  const until = Date.now() + PLAN_WAIT_MS;
  const mustHave = closed === null ? null : parseSegmentName(closed);
  for (;;) {
    const archived = mustHave === null || (await db.walSegment.count({ where: { clusterId, timeline: mustHave.timeline, segno: mustHave.segno } })) > 0;
    const { result } = await planForCluster(db, { clusterId, target });
    if (archived && result.ok) return result.plan;
    if (Date.now() > until) {
      throw new Error(`No restore plan for the drill's target after ${PLAN_WAIT_MS / 1000} s: ${archived ? (result.ok ? "" : result.error.message) : `WAL segment ${closed} has not reached the archive`}`);
    }
    await sleep(1_000, undefined, { signal });
  }
}
