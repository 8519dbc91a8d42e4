import { formatLsn, parseLsn } from "./lsn";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName, segmentOfLsn } from "./wal-segment";

/**
 * Replaying to "latest", PostgreSQL ends recovery at the first segment restore_command cannot
 * fetch and promotes as if that were the end: stopping short of what the catalog says is archived
 * (`endLsn`) is a failure, not a success with less data.
 */
export function assertReachedEnd(reached: string, endLsn: bigint | null, timeline: number): void {
  if (endLsn === null) return;
  // The first segment recovery did not read: the one after the reached LSN's, or that one itself when the LSN is its first byte.
  const unread = segmentOfLsn(parseLsn(reached) + BigInt(DEFAULT_WAL_SEGMENT_SIZE) - 1n);
  const lastSeg = segmentOfLsn(endLsn - 1n);
  if (unread <= lastSeg) {
    throw new Error(
      `Recovery ended at ${reached}, before the end of the archive (${formatLsn(endLsn)}): WAL segment ${segmentName(timeline, unread)} could not be fetched from the repository.`,
    );
  }
}
