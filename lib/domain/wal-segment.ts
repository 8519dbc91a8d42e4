/**
 * WAL file-name arithmetic. A segment is named `TTTTTTTTXXXXXXXXYYYYYYYY`: timeline, then the
 * segment number split into a "log id" and the segment within it, each 8 upper-case hex digits.
 * How many segments one log id holds depends on wal_segment_size, so every conversion takes it.
 */
import { assertLsn } from "./lsn";

export const DEFAULT_WAL_SEGMENT_SIZE = 16 * 1024 * 1024;

const MIN_SEGMENT_SIZE = 1024 * 1024;
const MAX_SEGMENT_SIZE = 1024 * 1024 * 1024;
const MAX_TIMELINE = 0xffffffff;

const SEGMENT_NAME = /^[0-9A-F]{24}$/;
const PARTIAL_NAME = /^[0-9A-F]{24}\.partial$/;
const HISTORY_NAME = /^[0-9A-F]{8}\.history$/;
const BACKUP_HISTORY_NAME = /^[0-9A-F]{24}\.[0-9A-F]{8}\.backup$/;

export interface SegmentId {
  timeline: number;
  segno: bigint;
}

/** initdb --wal-segsize accepts powers of two from 1 MiB to 1 GiB; anything else is a bad config. */
export function assertSegmentSize(segSize: number): void {
  if (!Number.isInteger(segSize) || segSize < MIN_SEGMENT_SIZE || segSize > MAX_SEGMENT_SIZE || (segSize & (segSize - 1)) !== 0) {
    throw new Error(`WAL segment size must be a power of two between 1 MiB and 1 GiB, got ${segSize}`);
  }
}

export function segmentsPerXLogId(segSize: number = DEFAULT_WAL_SEGMENT_SIZE): bigint {
  assertSegmentSize(segSize);
  return 0x100000000n / BigInt(segSize);
}

export function assertTimeline(timeline: number): void {
  if (!Number.isInteger(timeline) || timeline < 1 || timeline > MAX_TIMELINE) {
    throw new Error(`Timeline must be an integer from 1 to ${MAX_TIMELINE}, got ${timeline}`);
  }
}

export function parseSegmentName(name: string, segSize: number = DEFAULT_WAL_SEGMENT_SIZE): SegmentId {
  const perId = segmentsPerXLogId(segSize);
  if (!SEGMENT_NAME.test(name)) {
    throw new Error(`Not a WAL segment name (24 upper-case hex digits): ${JSON.stringify(name)}`);
  }
  const timeline = Number.parseInt(name.slice(0, 8), 16);
  if (timeline === 0) throw new Error(`WAL segment name has timeline 0, which does not exist: ${name}`);
  const logId = BigInt(`0x${name.slice(8, 16)}`);
  const seg = BigInt(`0x${name.slice(16, 24)}`);
  if (seg >= perId) {
    throw new Error(
      `WAL segment name ${name}: segment part must be below ${perId.toString(16).toUpperCase()} with ${segSize}-byte segments`,
    );
  }
  return { timeline, segno: logId * perId + seg };
}

export function segmentName(timeline: number, segno: bigint, segSize: number = DEFAULT_WAL_SEGMENT_SIZE): string {
  const perId = segmentsPerXLogId(segSize);
  assertTimeline(timeline);
  assertSegno(segno, segSize);
  return hex8(BigInt(timeline)) + hex8(segno / perId) + hex8(segno % perId);
}

export function segmentOfLsn(lsn: bigint, segSize: number = DEFAULT_WAL_SEGMENT_SIZE): bigint {
  assertSegmentSize(segSize);
  assertLsn(lsn);
  return lsn / BigInt(segSize);
}

export function segmentStartLsn(segno: bigint, segSize: number = DEFAULT_WAL_SEGMENT_SIZE): bigint {
  assertSegno(segno, segSize);
  return segno * BigInt(segSize);
}

/** First LSN after the segment: where replay stands once the segment has been read to its end. */
export function segmentEndLsn(segno: bigint, segSize: number = DEFAULT_WAL_SEGMENT_SIZE): bigint {
  return segmentStartLsn(segno, segSize) + BigInt(segSize);
}

/** Syntax only, like PostgreSQL's IsXLogFileName; parseSegmentName also checks the segment part. */
export function isSegmentName(name: string): boolean {
  return SEGMENT_NAME.test(name);
}

export function isPartialName(name: string): boolean {
  return PARTIAL_NAME.test(name);
}

export function isHistoryFileName(name: string): boolean {
  return HISTORY_NAME.test(name);
}

export function isBackupHistoryName(name: string): boolean {
  return BACKUP_HISTORY_NAME.test(name);
}

export function historyFileName(timeline: number): string {
  assertTimeline(timeline);
  return `${hex8(BigInt(timeline))}.history`;
}

export function parseHistoryFileName(name: string): number {
  if (!isHistoryFileName(name)) {
    throw new Error(`Not a timeline history file name (8 upper-case hex digits + ".history"): ${JSON.stringify(name)}`);
  }
  const timeline = Number.parseInt(name.slice(0, 8), 16);
  assertTimeline(timeline);
  return timeline;
}

function assertSegno(segno: bigint, segSize: number): void {
  assertSegmentSize(segSize);
  // The last segment ends at 2^64: the whole LSN space and no further.
  if (segno < 0n || segno >= (1n << 64n) / BigInt(segSize)) {
    throw new RangeError(`WAL segment number out of range for ${segSize}-byte segments: ${segno}`);
  }
}

function hex8(value: bigint): string {
  return value.toString(16).toUpperCase().padStart(8, "0");
}
