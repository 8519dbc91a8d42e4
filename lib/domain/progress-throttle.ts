import { progressMoved } from "@/lib/domain/progress";

/** Bytes done (of a total, when known) plus whatever else the writer records with them. */
export interface ProgressPoint {
  bytes: number;
  total?: number;
}

export interface ProgressThrottle<T extends ProgressPoint> {
  /** Writes `point` when it moved enough since the last write (progressMoved); drops it otherwise. */
  report(point: T): void;
  /** Writes `point` (when given) whatever the clock says, then waits for every write so far; a
   *  failed write surfaces here. Call it where the numbers must be in the catalog (a phase's end). */
  flush(point?: T): Promise<void>;
}

/**
 * The one way a long job writes its progress: reports arrive per chunk (thousands a second), the
 * catalog gets one when it moved enough to matter. Writes are chained so they land in order and a
 * slow write never runs beside the next. The clock is passed in (Date.now in the worker).
 */
export function progressThrottle<T extends ProgressPoint>(opts: {
  write: (point: T) => Promise<void>;
  now: () => number;
}): ProgressThrottle<T> {
  let last: { bytes: number; at: number } | null = null;
  let pending: Promise<void> = Promise.resolve();
  const write = (point: T, at: number) => {
    last = { bytes: point.bytes, at };
    pending = pending.then(() => opts.write(point));
    // Seen by flush(), not lost: this only keeps the runtime from calling it unhandled meanwhile.
    pending.catch(() => undefined);
  };
  return {
    report(point) {
      const at = opts.now();
      if (progressMoved(last, { bytes: point.bytes, total: point.total, at })) write(point, at);
    },
    async flush(point) {
      if (point) write(point, opts.now());
      await pending;
    },
  };
}
