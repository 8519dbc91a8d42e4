import type { Db } from "@/lib/db/client";
import { progressMoved } from "@/lib/domain/progress";
import { recordVerificationProgress } from "@/lib/verification/verification-record";

type JobProgress = (p: { bytesDone?: number; bytesTotal?: number }) => Promise<void>;

export interface ProgressMeter {
  /** Bytes read since the last call. */
  bytes(n: number): void;
  /** One more file read to its end. */
  file(): void;
  /** Writes what has not been written yet; call before the numbers matter (the end of a phase). */
  flush(): Promise<void>;
}

/**
 * Files and bytes read of the total, written to the job record (bytes: the UI's bar, rate and ETA)
 * and to the verification row (files and bytes), only when they moved enough to matter. Writes
 * are chained, so they land in order and a failed write surfaces at the next flush().
 */
export function progressMeter(opts: { db: Db; verificationId: string; progress: JobProgress; totals: { files: number; bytes: number } }): ProgressMeter {
  const { totals } = opts;
  let files = 0;
  let bytes = 0;
  let last: { bytes: number; at: number } | null = null;
  let pending: Promise<void> = Promise.resolve();
  const write = () => {
    const done = { files, bytes };
    last = { bytes, at: Date.now() };
    pending = pending.then(async () => {
      await opts.progress({ bytesDone: done.bytes, bytesTotal: totals.bytes });
      await recordVerificationProgress(opts.db, opts.verificationId, { filesChecked: done.files, bytesChecked: done.bytes, filesTotal: totals.files, bytesTotal: totals.bytes });
    });
    // Seen by flush(), not lost: this only keeps the process from treating it as unhandled meanwhile.
    pending.catch(() => undefined);
  };
  const maybeWrite = () => {
    if (progressMoved(last, { bytes, total: totals.bytes, at: Date.now() })) write();
  };
  write();
  return {
    bytes(n) {
      bytes += n;
      maybeWrite();
    },
    file() {
      files++;
      maybeWrite();
    },
    async flush() {
      write();
      await pending;
    },
  };
}
