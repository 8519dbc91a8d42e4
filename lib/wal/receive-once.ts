import fs from "node:fs/promises";
import path from "node:path";
import { watchConnectionVersion } from "@/lib/clusters/watch-connection-version";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { inspectServer } from "@/lib/pg/inspect-server";
import { ensureSlot, receiveWal } from "@/lib/pg/receivewal";
import { releaseSlotFromStaleReceiver } from "@/lib/pg/release-slot";
import { slotLagBytes } from "@/lib/pg/slot-lag";
import type { Repository } from "@/lib/storage/repository";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import type { ReceiverOptions } from "@/lib/wal/receiver-options";
import { receiverFaults } from "@/lib/wal/receiver-faults";
import { recordReceiver } from "@/lib/wal/receiver-record";
import { drainSpool } from "@/lib/wal/spool";
import { partialUploader } from "@/lib/wal/upload-partial";

const LAG_EVERY_MS = 10_000;
// How often the segment being received is uploaded while it changes (decision 0024).
const PARTIAL_EVERY_MS = 5_000;

/** One pg_receivewal run, from connecting to its exit, with the spool drained as segments finish. */
export async function receiveOnce(
  db: Db,
  opts: ReceiverOptions & {
    slotName: string;
    /** The cluster's connection version read before `target`: a change ends the run. */
    version: number | null;
    target: ConnectionTarget;
    repo: Repository;
    /** The repository's name, for the receiver's errors. */
    repositoryName: string;
    /** pg_receivewal --synchronous (the cluster's synchronousReceive). */
    synchronous: boolean;
  },
): Promise<void> {
  const { clusterId, slotName, version, target, repo, signal } = opts;
  const spool = path.join(opts.config.spoolDir, clusterId);
  await fs.mkdir(spool, { recursive: true, mode: 0o700 });
  const server = await inspectServer(target, signal);
  await ensureSlot(target, slotName);
  const stale = await releaseSlotFromStaleReceiver(target, slotName);
  if (stale !== null) await opts.log(`ended an earlier receiver (server process ${stale}) that still held slot ${slotName}`);

  // Drains and partial uploads run one after another (a partial is never uploaded while its
  // complete segment is being archived). A store that fails is said at once on the receiver's row
  // (store_failing) and tried again at every partial tick while pg_receivewal goes on receiving
  // into the spool; an error still there when pg_receivewal exits ends this run.
  const partial = partialUploader({ db, repo, bins: opts.bins, clusterId, spool });
  const faults = receiverFaults(db, { clusterId, slotName, repositoryName: opts.repositoryName, log: opts.log });
  let draining: Promise<void> = Promise.resolve();
  let drainError: Error | null = null;
  const drain = () => {
    draining = draining.then(() =>
      drainSpool(spool, async (file) => {
        const pushed = await pushWalFile({ db, repo, clusterId, filePath: file, source: "stream", signal }).catch(async (err: Error) => {
          if (!signal.aborted) await faults.storeFailed(file, err);
          throw err;
        });
        await partial.segmentArchived(pushed.name);
        await recordReceiver(db, clusterId, { state: faults.state, slotName, lastSegment: pushed.name });
      })
        .then(async () => {
          await faults.storeWorked();
          drainError = null;
        })
        .catch((err: Error) => void (drainError = err)),
    );
    return draining;
  };
  const uploadPartial = () => {
    draining = draining.then(() =>
      partial
        .upload(signal)
        .then(async (uploaded) => {
          if (uploaded !== null) await faults.partialWorked();
        })
        // The complete segment still reaches the archive; the next upload tries again.
        .catch(async (err: Error) => {
          if (signal.aborted) return;
          logger.warn({ err, clusterId }, "could not upload the partial segment");
          await faults.partialFailed(err).catch(() => undefined);
        }),
    );
  };
  const tick = () => {
    if (faults.state === "store_failing") void drain();
    uploadPartial();
  };

  await drain(); // what an earlier run received but did not store
  if (drainError) throw drainError;
  await recordReceiver(db, clusterId, { state: "streaming", slotName, lastError: null });
  await opts.log(`receiving WAL from ${target.host}:${target.port} with slot ${slotName}`);
  const measureLag = () => recordLag(db, target, clusterId, { slotName, state: () => faults.state });
  await measureLag();
  const lag = setInterval(() => void measureLag(), LAG_EVERY_MS);
  const partials = setInterval(tick, PARTIAL_EVERY_MS);
  // A new password (or host, user…) saved in Wayback ends this run at once; the next one uses it.
  const watch = watchConnectionVersion(db, { clusterId, version, signal });
  try {
    await receiveWal({
      bins: opts.bins,
      serverMajor: server.serverMajor,
      target,
      slot: slotName,
      dir: spool,
      synchronous: opts.synchronous,
      signal: AbortSignal.any([signal, watch.changed]),
      onSegmentFinished: () => void drain(),
    });
  } catch (err) {
    if (signal.aborted || !watch.changed.aborted) throw err;
    await opts.log("the cluster's connection settings changed: reconnecting with them");
  } finally {
    watch.stop();
    clearInterval(lag);
    clearInterval(partials);
    // What pg_receivewal received last (a synchronous receiver confirmed it to the server) goes up
    // now, not at the next run: the server may be gone for good.
    uploadPartial();
    await drain();
  }
  if (drainError) throw drainError;
}

async function recordLag(
  db: Db,
  target: ConnectionTarget,
  clusterId: string,
  { slotName, state }: { slotName: string; state: () => "streaming" | "store_failing" },
): Promise<void> {
  try {
    const lag = await slotLagBytes(target, slotName);
    await recordReceiver(db, clusterId, { state: state(), slotName, slotLagBytes: lag });
  } catch (err) {
    // A lag reading is advice; the receiver's own exit reports real trouble.
    logger.warn({ err, clusterId }, "could not measure slot lag");
  }
}
