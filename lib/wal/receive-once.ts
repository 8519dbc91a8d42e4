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
  // complete segment is being archived); the first drain error is kept and ends this run.
  const partial = partialUploader({ db, repo, bins: opts.bins, clusterId, spool });
  let draining: Promise<void> = Promise.resolve();
  let drainError: Error | null = null;
  const drain = () => {
    draining = draining.then(() =>
      drainSpool(spool, async (file) => {
        const pushed = await pushWalFile({ db, repo, clusterId, filePath: file, source: "stream", signal });
        await partial.segmentArchived(pushed.name);
        await recordReceiver(db, clusterId, { state: "streaming", slotName, lastSegment: pushed.name });
      }).then(
        () => undefined,
        (err: Error) => void (drainError ??= err),
      ),
    );
    return draining;
  };
  const uploadPartial = () => {
    draining = draining.then(() =>
      partial.upload(signal).then(
        () => undefined,
        // The complete segment still reaches the archive; the next upload tries again.
        (err: Error) => void (signal.aborted || logger.warn({ err, clusterId }, "could not upload the partial segment")),
      ),
    );
  };

  await drain(); // what an earlier run received but did not store
  if (drainError) throw drainError;
  await recordReceiver(db, clusterId, { state: "streaming", slotName, lastError: null });
  await opts.log(`receiving WAL from ${target.host}:${target.port} with slot ${slotName}`);
  await recordLag(db, target, clusterId, slotName);
  const lag = setInterval(() => void recordLag(db, target, clusterId, slotName), LAG_EVERY_MS);
  const partials = setInterval(uploadPartial, PARTIAL_EVERY_MS);
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

async function recordLag(db: Db, target: ConnectionTarget, clusterId: string, slotName: string): Promise<void> {
  try {
    await recordReceiver(db, clusterId, { state: "streaming", slotName, slotLagBytes: await slotLagBytes(target, slotName) });
  } catch (err) {
    // A lag reading is advice; the receiver's own exit reports real trouble.
    logger.warn({ err, clusterId }, "could not measure slot lag");
  }
}
