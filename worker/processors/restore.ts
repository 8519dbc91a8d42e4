import { UnrecoverableError } from "bullmq";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { parseLsn } from "@/lib/domain/lsn";
import { localConnectionString } from "@/lib/domain/local-connection-string";
import { assertReachedEnd } from "@/lib/domain/recovery-end";
import type { RecoveryTargetSpec } from "@/lib/domain/recovery-settings";
import { appendJobLog } from "@/lib/jobs/job-log";
import { destroyInstance, instanceLogPath, readLogTail, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { isPortFree } from "@/lib/pg/free-port";
import { copyLogins } from "@/lib/restores/copy-logins";
import { countRows } from "@/lib/restores/count-rows";
import { nextFreeRestorePort } from "@/lib/restores/next-free-port";
import { destinationFor } from "@/lib/restores/destination";
import { recoverCopy } from "@/lib/restores/recover-copy";
import { failRestore, finishRestore, markInstanceMade, markInstanceRemoved, markRestoreRunning, recordRestoreFacts } from "@/lib/restores/restore-record";
import type { Processor } from "@/worker/processor";

/**
 * A point-in-time restore on this worker's host, into a new instance or in place, in phases:
 *  1. prepare — the plan recorded at request time; a new instance needs an empty directory and a
 *     free port; in place stops the cluster and moves its data directory aside. A new instance's
 *     row is marked before its directory is made: a retry after a dead worker first stops and
 *     removes what its predecessor made (never adopts it: that copy may have been replaying
 *     unwatched, or have ended recovery with nobody checking where), then starts over;
 *  2–4. restore base, configure, replay — recoverCopy(); a new instance gets archive_mode off
 *     (a copy never archives into production), trusts its private socket for Wayback's own
 *     actions, and moves to the next free port if its own was taken while the base unpacked;
 *  5. verify — it answers, is out of recovery (or paused at the target), and every table's rows
 *     are counted.
 * A failure at any phase stops the server, removes the half-made copy (in place: puts the
 * original back and starts it), and records PostgreSQL's log tail.
 */
export const restore: Processor<"restore"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);
  const r = await db.restore.findUniqueOrThrow({ where: { jobId: payload.jobId }, include: { backup: { include: { files: true, repository: true } } } });
  if (!r.backup || r.backup.status !== "complete") throw new UnrecoverableError("The backup this restore was planned on is gone or not complete.");
  const backup = r.backup;
  const spec: InstanceSpec = { dataDir: r.dataDir, port: r.port, bins: deps.pgBinaries, osUser: await resolveServerUser(deps.config.pg.osUser) };
  const nextPort = (taken: number) => nextFreeRestorePort(db, deps.config.restore.ports, taken);
  const movePort = async (port: number, why: string) => {
    await recordRestoreFacts(db, r.id, { port });
    await log(`${why}; using ${port}`);
  };

  if (r.instanceMadeAt) {
    await destroyInstance(spec);
    await markInstanceRemoved(db, r.id);
    await log(`an earlier attempt of this restore was interrupted: stopped and removed the copy it left in ${spec.dataDir}; starting over`);
  }
  // The proposed port was free in the catalog's eyes; on this host something else may hold it.
  if (r.destination === "new_instance" && !(await isPortFree(spec.port))) {
    const taken = spec.port;
    spec.port = await nextPort(taken);
    await movePort(spec.port, `port ${taken} is in use on this host`);
  }
  const destination = destinationFor(r.destination, spec);

  // 1. prepare
  await progress({ phase: "prepare" });
  await markRestoreRunning(db, r.id);
  const source = await connectionTarget(db, r.clusterId, deps.config.secretKey);
  const logins = copyLogins(r.destination, spec, source);

  try {
    const { oldDataDir } = await destination.prepare();
    if (oldDataDir) {
      await recordRestoreFacts(db, r.id, { oldDataDir });
      await log(`stopped the cluster and moved its data directory aside to ${oldDataDir}`);
    }
    if (r.destination === "new_instance") await markInstanceMade(db, r.id);

    // 2–4. restore base, configure, replay
    const copy = await recoverCopy({
      db,
      cli: deps.config.cli,
      backup,
      spec,
      target: { target: r.targetKind as RecoveryTargetSpec["target"], value: r.targetValue, inclusive: r.inclusive },
      targetLsn: r.targetLsn ? parseLsn(r.targetLsn) : null,
      timeline: r.timeline,
      pauseAtTarget: r.pauseAtTarget,
      archiveOff: destination.archiveOff,
      login: logins.watch,
      // In place, production's pg_hba.conf is carried over (afterBase) and stays in force.
      hba: r.destination === "new_instance" ? "trust-socket" : "password",
      portFallback: r.destination === "new_instance" ? { nextPort, onPort: (port, taken) => movePort(port, `port ${taken} was taken before PostgreSQL started`) } : undefined,
      signal,
      progress,
      log,
      afterBase: async ({ baseMs, storedBytes }) => {
        await recordRestoreFacts(db, r.id, { baseMs, baseBytes: BigInt(storedBytes) });
        await destination.carryOver();
      },
    });
    const { outcome, replayMs, walBytes } = copy;
    if (r.targetKind === "latest") assertReachedEnd(outcome.replayLsn, r.targetLsn ? parseLsn(r.targetLsn) : null, r.timeline);

    // 5. verify
    await progress({ phase: "verify" });
    const verifyStart = Date.now();
    const rowCounts = await countRows(await logins.admin(), signal);
    const connectionString = localConnectionString(source.username, spec.port, source.database);
    await finishRestore(db, r.id, { status: outcome.state === "paused" ? "paused" : "complete", connectionString, reachedLsn: outcome.replayLsn, rowCounts, verifyMs: Date.now() - verifyStart, replayMs, walBytes });
    await log(`ready: ${connectionString} (password: the one Wayback holds for ${source.username} on the source cluster)`);
  } catch (err) {
    const tail = await readLogTail(instanceLogPath(spec), 30).catch(() => "");
    await destination.undo();
    if (r.destination === "new_instance") await markInstanceRemoved(db, r.id);
    await failRestore(db, r.id, (err as Error).message, tail || null);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  }
};
