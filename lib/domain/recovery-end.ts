import { formatLsn, parseLsn } from "./lsn";
import { segmentName, segmentOfLsn } from "./wal-segment";

/**
 * Replaying to "latest", PostgreSQL ends recovery at the first segment restore_command cannot
 * fetch and promotes as if that were the end: stopping short of what the catalog says is archived
 * (`endLsn`) is a failure, not a success with less data.
 */
export function assertReachedEnd(reached: string, endLsn: bigint | null, timeline: number): void {
  if (endLsn === null) return;
  const reachedSeg = segmentOfLsn(parseLsn(reached));
  const lastSeg = segmentOfLsn(endLsn - 1n);
  if (reachedSeg < lastSeg) {
    throw new Error(
      `Recovery ended at ${reached}, before the end of the archive (${formatLsn(endLsn)}): WAL segment ${segmentName(timeline, reachedSeg + 1n)} could not be fetched from the repository.`,
    );
  }
}
