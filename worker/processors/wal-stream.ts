import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { connectionVersionOf, watchConnectionVersion } from "@/lib/clusters/watch-connection-version";
import type { Db } from "@/lib/db/client";
import { appendJobLog } from "@/lib/jobs/job-log";
import { logger } from "@/lib/log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { dropSlot } from "@/lib/pg/drop-slot";
import { inspectServer } from "@/lib/pg/inspect-server";
import { ensureSlot, receiveWal, slotNameFor } from "@/lib/pg/receivewal";
import { releaseSlotFromStaleReceiver } from "@/lib/pg/release-slot";
import { slotLagBytes } from "@/lib/pg/slot-lag";
import { openRepositoryForWriting } from "@/lib/repositories/open-repository";
import type { Repository } from "@/lib/repositories/repository";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import { tryReceiverLock, type ReceiverLock } from "@/lib/wal/receiver-lock";
import { recordReceiver } from "@/lib/wal/receiver-record";
import { drainSpool } from "@/lib/wal/spool";
import type { JobPayload } from "@/lib/queue/job-types";
import type { Processor, WorkerDeps } from "@/worker/processor";

const LAG_EVERY_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;
// After this many failures in a row the receiver is shown as failed (it keeps trying).
const FAILED_AFTER = 5;
// How often a receiver waiting for another's lock tries again.
const LOCK_RETRY_MS = 2_000;

/**
 * Streaming archiving for one cluster, for as long as the cluster asks for it: a replication slot
 * (wayback_<cluster>) keeps WAL on the server, pg_receivewal writes into a local spool, and every
 * completed segment moves to the repository with its checksum and a catalog row. When
 * pg_receivewal exits (connection lost, server restarted) it is restarted with backoff, and the
 * receiver row says why. Removing the cluster ends it within a few seconds and drops the slot.
 * Only the holder of the cluster's receiver lock receives (lib/wal/receiver-lock.ts): a second
 * job for the cluster waits, and takes over when the first stops.
 */
export const walStream: Processor<"wal.stream"> = async ({ payload, deps, signal }) => {
  let toldWaiting = false;
  while (!signal.aborted && (await streamingCluster(deps.db, payload.clusterId))) {
    const lock = await tryReceiverLock(deps.config.databaseUrl, payload.clusterId);
    if (lock) {
      try {
        if ((await receiveWhileLocked({ payload, deps, signal, lock })) === "done") return;
      } finally {
        await lock.release();
      }
      await appendJobLog(deps.db, payload.jobId, "lost the catalog connection holding the cluster's receiver lock: stopped receiving until it is taken again");
    } else if (!toldWaiting) {
      toldWaiting = true;
      await appendJobLog(deps.db, payload.jobId, "another receiver of this cluster is running (it holds the cluster's receiver lock): waiting for it to stop");
    }
    await sleep(LOCK_RETRY_MS, undefined, { signal }).catch(() => undefined);
  }
};

/** The cluster with its repository, while it asks for streaming archiving; else null. */
async function streamingCluster(db: Db, clusterId: string) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { repository: true } });
  return cluster?.walMode === "streaming" && cluster.repository ? { ...cluster, repository: cluster.repository } : null;
}

/** The receiver proper, run only while holding the cluster's receiver lock; "lock lost" when its connection went. */
async function receiveWhileLocked(opts: { payload: JobPayload<"wal.stream">; deps: WorkerDeps; signal: AbortSignal; lock: ReceiverLock }): Promise<"done" | "lock lost"> {
  const { payload, deps, lock } = opts;
  const { db } = deps;
  const clusterId = payload.clusterId;
  const slotName = slotNameFor(clusterId);
  const signal = AbortSignal.any([opts.signal, lock.lost]);
  let failures = 0;
  // The server last connected to: where the slot is dropped if the cluster is removed.
  let target: ConnectionTarget | null = null;

  while (!signal.aborted) {
    const cluster = await streamingCluster(db, clusterId);
    if (!cluster) break;
    try {
      // The version before the settings it guards (see watchConnectionVersion).
      const version = await connectionVersionOf(db, clusterId);
      target = await connectionTarget(db, clusterId, deps.config.secretKey);
      await receiveOnce({ deps, jobId: payload.jobId, clusterId, slotName, version, target, repo: openRepositoryForWriting(cluster.repository, deps.config.repoRoots), signal });
      failures = 0;
    } catch (err) {
      if (signal.aborted || (await clusterRemoved(db, clusterId))) break;
      failures += 1;
      const message = (err as Error).message;
      await recordReceiver(db, clusterId, { state: failures >= FAILED_AFTER ? "failed" : "retrying", slotName, lastError: message, restarted: true });
      await appendJobLog(db, payload.jobId, `receiver stopped (${failures} in a row): ${message}`);
      await sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)), undefined, { signal }).catch(() => undefined);
    }
  }
  if (lock.lost.aborted && !opts.signal.aborted) return "lock lost";
  if (!signal.aborted && (await clusterRemoved(db, clusterId))) await forgetRemovedCluster({ deps, clusterId, slotName, target });
  else await recordReceiver(db, clusterId, { state: "stopped", slotName });
  return "done";
}

/**
 * The cluster was removed (its receiver noticed within a poll of its connection version): nothing
 * will read its slot again, and a slot nobody reads makes the server keep WAL until its disk is
 * full, so it is dropped; the spool's leftovers go too. The job then ends as done: its row went
 * with the cluster.
 */
async function forgetRemovedCluster(opts: { deps: WorkerDeps; clusterId: string; slotName: string; target: ConnectionTarget | null }): Promise<void> {
  const { deps, clusterId, slotName, target } = opts;
  await fs.rm(path.join(deps.config.spoolDir, clusterId), { recursive: true, force: true });
  if (target === null) {
    logger.warn({ clusterId, slotName }, `the cluster was removed before its receiver connected: if the server still has slot ${slotName}, drop it there`);
    return;
  }
  try {
    await dropSlot(target, slotName);
    logger.info({ clusterId, slotName }, "the cluster was removed: its receiver stopped and its replication slot was dropped");
  } catch (err) {
    logger.warn({ err, clusterId, slotName }, `the cluster was removed, but its replication slot could not be dropped: drop ${slotName} on the server (SELECT pg_drop_replication_slot('${slotName}'))`);
  }
}

/** One pg_receivewal run, from connecting to its exit, with the spool drained as segments finish. */
async function receiveOnce(opts: {
  deps: WorkerDeps;
  jobId: string;
  clusterId: string;
  slotName: string;
  version: number | null;
  target: ConnectionTarget;
  repo: Repository;
  signal: AbortSignal;
}): Promise<void> {
  const { deps, clusterId, slotName, version, target, repo, signal } = opts;
  const { db } = deps;
  const spool = path.join(deps.config.spoolDir, clusterId);
  await fs.mkdir(spool, { recursive: true, mode: 0o700 });
  const server = await inspectServer(target, signal);
  await ensureSlot(target, slotName);
  const stale = await releaseSlotFromStaleReceiver(target, slotName);
  if (stale !== null) await appendJobLog(db, opts.jobId, `ended an earlier receiver (server process ${stale}) that still held slot ${slotName}`);

  // Drains run one after another; the first error is kept and ends this run.
  let draining: Promise<void> = Promise.resolve();
  let drainError: Error | null = null;
  const drain = () => {
    draining = draining.then(() =>
      drainSpool(spool, async (file) => {
        const pushed = await pushWalFile({ db, repo, clusterId, filePath: file, source: "stream", signal });
        await recordReceiver(db, clusterId, { state: "streaming", slotName, lastSegment: pushed.name });
      }).then(
        () => undefined,
        (err: Error) => void (drainError ??= err),
      ),
    );
    return draining;
  };

  await drain(); // what an earlier run received but did not store
  if (drainError) throw drainError;
  await recordReceiver(db, clusterId, { state: "streaming", slotName, lastError: null });
  await appendJobLog(db, opts.jobId, `receiving WAL from ${target.host}:${target.port} with slot ${slotName}`);
  await recordLag(db, target, clusterId, slotName);
  const lag = setInterval(() => void recordLag(db, target, clusterId, slotName), LAG_EVERY_MS);
  // A new password (or host, user…) saved in Wayback ends this run at once; the next one uses it.
  const watch = watchConnectionVersion(db, { clusterId, version, signal });
  try {
    await receiveWal({ bins: deps.pgBinaries, serverMajor: server.serverMajor, target, slot: slotName, dir: spool, signal: AbortSignal.any([signal, watch.changed]), onSegmentFinished: () => void drain() });
  } catch (err) {
    if (signal.aborted || !watch.changed.aborted) throw err;
    await appendJobLog(db, opts.jobId, "the cluster's connection settings changed: reconnecting with them");
  } finally {
    watch.stop();
    clearInterval(lag);
    await drain();
  }
  if (drainError) throw drainError;
}

async function recordLag(db: Db, target: ConnectionTarget, clusterId: string, slotName: string): Promise<void> {
  try {
    await recordReceiver(db, clusterId, { state: "streaming", slotName, slotLagBytes: await slotLagBytes(target, slotName) });
  } catch (err) {
    // A lag reading is advice; the receiver's own exit reports real trouble.
    logger.warn({ err, clusterId }, "could not measure slot lag");
  }
}
