import type { Db } from "@/lib/db/client";
import { progressThrottle } from "@/lib/domain/progress-throttle";
import type { JobProgress } from "@/lib/jobs/job-record";
import { recordVerificationProgress } from "@/lib/verification/verification-record";

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
 * and to the verification row (files and bytes), only when they moved enough to matter; a failed
 * write surfaces at the next flush().
 */
export function progressMeter(opts: {
  db: Db;
  verificationId: string;
  progress: JobProgress;
  totals: { files: number; bytes: number };
}): ProgressMeter {
  const { totals } = opts;
  let files = 0;
  let bytes = 0;
  const throttle = progressThrottle<{ files: number; bytes: number; total: number }>({
    now: Date.now,
    write: async (done) => {
      await opts.progress({ bytesDone: done.bytes, bytesTotal: totals.bytes });
      await recordVerificationProgress(opts.db, opts.verificationId, {
        filesChecked: done.files,
        bytesChecked: done.bytes,
        filesTotal: totals.files,
        bytesTotal: totals.bytes,
      });
    },
  });
  const point = () => ({ files, bytes, total: totals.bytes });
  throttle.report(point());
  return {
    bytes(n) {
      bytes += n;
      throttle.report(point());
    },
    file() {
      files++;
      throttle.report(point());
    },
    flush: () => throttle.flush(point()),
  };
}
