/**
 * Rate and time left for a job that reports bytes done of a total. Pure, so the UI (live) and
 * the API compute the same figures.
 */
export interface ProgressFigures {
  fraction: number | null;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

export function progressFigures(opts: { bytesDone: number | null; bytesTotal: number | null; startedAt: Date | null; now: Date }): ProgressFigures {
  const { bytesDone, bytesTotal, startedAt, now } = opts;
  const fraction = bytesDone !== null && bytesTotal ? Math.min(1, bytesDone / bytesTotal) : null;
  const elapsed = startedAt ? (now.getTime() - startedAt.getTime()) / 1000 : 0;
  // Under a second of data says nothing about the rate yet.
  const bytesPerSecond = bytesDone !== null && elapsed >= 1 ? bytesDone / elapsed : null;
  const secondsLeft =
    bytesPerSecond && bytesPerSecond > 0 && bytesDone !== null && bytesTotal !== null ? Math.max(0, (bytesTotal - bytesDone) / bytesPerSecond) : null;
  return { fraction, bytesPerSecond, secondsLeft };
}

/** Progress is written to the catalog only when it moved enough to matter (pgBackRest's habit). */
export function progressMoved(prev: { bytes: number; at: number } | null, next: { bytes: number; total: number; at: number }): boolean {
  if (!prev) return true;
  if (next.bytes >= next.total) return true;
  return next.at - prev.at >= 1000 || (next.total > 0 && (next.bytes - prev.bytes) / next.total >= 0.05);
}
