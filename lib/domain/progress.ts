/**
 * Rate and time left for a job that reports bytes done of a total. Pure, so the UI (live) and
 * the API compute the same figures.
 */
export interface ProgressFigures {
  fraction: number | null;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

export function progressFigures(opts: {
  bytesDone: number | null;
  bytesTotal: number | null;
  startedAt: Date | null;
  now: Date;
}): ProgressFigures {
  const { bytesDone, bytesTotal, startedAt, now } = opts;
  const fraction = bytesDone !== null && bytesTotal ? Math.min(1, bytesDone / bytesTotal) : null;
  const elapsed = startedAt ? (now.getTime() - startedAt.getTime()) / 1000 : 0;
  // Under a second of data says nothing about the rate yet.
  const bytesPerSecond = bytesDone !== null && elapsed >= 1 ? bytesDone / elapsed : null;
  const secondsLeft =
    bytesPerSecond && bytesPerSecond > 0 && bytesDone !== null && bytesTotal !== null
      ? Math.max(0, (bytesTotal - bytesDone) / bytesPerSecond)
      : null;
  return { fraction, bytesPerSecond, secondsLeft };
}

/** How often a long job's progress is worth a write when it moves slowly (and how often to look). */
export const PROGRESS_EVERY_MS = 1000;

/**
 * Progress is written to the catalog only when it moved enough to matter (pgBackRest's habit): the
 * first report, the last (all of a known total), a second later, or 5% of a known total further.
 * Without a total only the second counts. progressThrottle() holds the state around this rule.
 */
export function progressMoved(prev: { bytes: number; at: number } | null, next: { bytes: number; total?: number; at: number }): boolean {
  if (!prev) return true;
  if (next.total !== undefined && next.bytes >= next.total) return true;
  return (
    next.at - prev.at >= PROGRESS_EVERY_MS || (next.total !== undefined && next.total > 0 && (next.bytes - prev.bytes) / next.total >= 0.05)
  );
}
