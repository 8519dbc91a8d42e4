import type { Db } from "@/lib/db/client";
import { recordReceiver } from "@/lib/wal/receiver-record";

/**
 * What the receiver says while storing fails, kept on its row for the cluster page and the alert
 * rules (archive_failing), and taken back by the first store that works. Each writes only when
 * the state changes: a receiver retrying every 5 s does not rewrite its row every 5 s.
 */
export interface ReceiverFaults {
  /** Completed WAL could not be stored: state store_failing with the error and what to do. */
  storeFailed(file: string, err: Error): Promise<void>;
  /** The spool was drained: back to streaming, the error gone. */
  storeWorked(): Promise<void>;
  /** An upload of the partial segment failed: its error and time on the row. */
  partialFailed(err: Error): Promise<void>;
  /** An upload of the partial segment worked: its last error cleared. */
  partialWorked(): Promise<void>;
  /** The receiver's state while pg_receivewal runs: store_failing while completed WAL waits in the spool. */
  readonly state: "streaming" | "store_failing";
}

export function receiverFaults(
  db: Db,
  opts: { clusterId: string; slotName: string; repositoryName: string; log: (line: string) => Promise<void> },
): ReceiverFaults {
  const { clusterId, slotName } = opts;
  let state: "streaming" | "store_failing" = "streaming";
  let lastStoreError: string | null = null;
  // Unknown at the start: an earlier run may have left a partial error on the row.
  let partialFailing = true;

  return {
    get state() {
      return state;
    },
    async storeFailed(file, err) {
      const message = storeFailureMessage(opts.repositoryName, file, err);
      if (state === "store_failing" && message === lastStoreError) return;
      state = "store_failing";
      lastStoreError = message;
      await recordReceiver(db, clusterId, { state: "store_failing", slotName, lastError: message });
      await opts.log(message);
    },
    async storeWorked() {
      if (state === "streaming") return;
      state = "streaming";
      lastStoreError = null;
      await recordReceiver(db, clusterId, { state: "streaming", slotName, lastError: null });
      await opts.log("storing WAL in the repository works again: the segments that waited in the spool are stored");
    },
    async partialFailed(err) {
      partialFailing = true;
      await db.walReceiver.updateMany({
        where: { clusterId },
        data: {
          partialError: `Could not upload the partial segment to repository ${opts.repositoryName}: ${err.message}`,
          partialFailedAt: new Date(),
        },
      });
    },
    async partialWorked() {
      if (!partialFailing) return;
      partialFailing = false;
      await db.walReceiver.updateMany({ where: { clusterId }, data: { partialError: null, partialFailedAt: null } });
    },
  };
}

/** The store error as the cluster page and the alert show it: what failed, why, and what to do. */
export function storeFailureMessage(repositoryName: string, file: string, err: Error): string {
  const name = file.split("/").pop() ?? file;
  return `Could not store ${name} in repository ${repositoryName}: ${err.message}. The receiver keeps receiving into its spool and tries again every few seconds; make the repository reachable and writable again (its Test button says what is wrong), then the waiting segments are stored in order, with no gap.`;
}
