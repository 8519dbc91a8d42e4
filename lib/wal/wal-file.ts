/**
 * What a WAL segment file must look like before it goes into the archive, and small readers of
 * WAL bytes. Pure (Buffers in, values out); the caller reads the file.
 *
 * Every segment starts with an XLogLongPageHeaderData (PostgreSQL's access/xlog_internal.h),
 * little-endian on the platforms PostgreSQL is built for here. Offsets were checked against a real
 * PostgreSQL 15 segment (hex dump + pg_controldata's "Database system identifier"):
 *
 *    0  uint16 xlp_magic       WAL format version (0xD110 for 15)
 *    2  uint16 xlp_info        flags; XLP_LONG_HEADER (0x0002) on a segment's first page
 *    4  uint32 xlp_tli         timeline of the first record on the page
 *    8  uint64 xlp_pageaddr    WAL position (LSN) of this page
 *   16  uint32 xlp_rem_len     bytes of a record continued from the previous page
 *   20  (4 bytes of padding: xlp_sysid is 8-byte aligned)
 *   24  uint64 xlp_sysid       the cluster's system identifier (pg_control)
 *   32  uint32 xlp_seg_size    wal_segment_size, as a cross-check
 *   36  uint32 xlp_xlog_blcksz WAL page size (XLOG_BLCKSZ, 8192 by default)
 *   40  (SizeOfXLogLongPHD = MAXALIGN(36) = 40; a short header is MAXALIGN(20) = 24)
 */
import { formatLsn } from "@/lib/domain/lsn";
import {
  assertSegmentSize,
  DEFAULT_WAL_SEGMENT_SIZE,
  isPartialName,
  isSegmentName,
  parseSegmentName,
  segmentStartLsn,
} from "@/lib/domain/wal-segment";

/** Bytes of the file a caller must read for inspectWalSegment(). */
export const LONG_PAGE_HEADER_SIZE = 40;
const SHORT_PAGE_HEADER_SIZE = 24;
const XLP_LONG_HEADER = 0x0002;
const XLP_ALL_FLAGS = 0x0007;

/**
 * xlp_magic of each released major (XLOG_PAGE_MAGIC in access/xlog_internal.h). The value changes
 * whenever the WAL format does, so it also tells which major wrote a segment. 15's was read from a
 * real segment; 11 and 13–17 checked against published copies of the header; 10 and 12 are the
 * values those releases shipped with.
 */
export const WAL_PAGE_MAGIC: ReadonlyMap<number, number> = new Map([
  [0xd097, 10],
  [0xd098, 11],
  [0xd101, 12],
  [0xd106, 13],
  [0xd10d, 14],
  [0xd110, 15],
  [0xd113, 16],
  [0xd116, 17],
]);

export interface WalSegmentInfo {
  timeline: number;
  segno: bigint;
  segmentSize: number;
  /** xlp_sysid as a decimal string (a uint64: beyond Number's precision). */
  systemIdentifier: string;
  /** The major version whose WAL format the magic number names. */
  pgMajor: number;
  blockSize: number;
}

export class InvalidWalFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidWalFileError";
  }
}

interface LongHeader {
  magic: number;
  info: number;
  tli: number;
  pageAddr: bigint;
  sysid: bigint;
  segSize: number;
  blockSize: number;
}

function readLongHeader(head: Buffer): LongHeader | null {
  if (head.length < LONG_PAGE_HEADER_SIZE) return null;
  return {
    magic: head.readUInt16LE(0),
    info: head.readUInt16LE(2),
    tli: head.readUInt32LE(4),
    pageAddr: head.readBigUInt64LE(8),
    sysid: head.readBigUInt64LE(24),
    segSize: head.readUInt32LE(32),
    blockSize: head.readUInt32LE(36),
  };
}

function validSegmentSize(size: number): boolean {
  try {
    assertSegmentSize(size);
    return true;
  } catch {
    return false;
  }
}

const hex4 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Checks that a file named `name` (a segment name, or `<segment>.partial`) of `fileSize` bytes
 * whose first bytes are `head` (at least LONG_PAGE_HEADER_SIZE of them) is a WAL segment of the
 * timeline and position its name says; throws InvalidWalFileError saying what is wrong.
 *
 * `segmentSize`, when given, is what the cluster uses; otherwise the header's xlp_seg_size is
 * trusted (it is itself validated: a power of two from 1 MiB to 1 GiB).
 */
export function inspectWalSegment(name: string, head: Buffer, fileSize: number, opts: { segmentSize?: number } = {}): WalSegmentInfo {
  const base = isPartialName(name) ? name.slice(0, 24) : name;
  if (!isSegmentName(base)) {
    throw new InvalidWalFileError(`${name} is not a WAL segment name (24 upper-case hex digits, optionally .partial).`);
  }
  if (fileSize === 0)
    throw new InvalidWalFileError(`WAL file ${name} is empty: refusing to archive it (an empty segment in the archive is corruption).`);

  const h = readLongHeader(head);
  const pgMajor = h ? WAL_PAGE_MAGIC.get(h.magic) : undefined;
  const headerOk = h !== null && pgMajor !== undefined && (h.info & XLP_LONG_HEADER) !== 0 && (h.info & ~XLP_ALL_FLAGS) === 0;
  const expectedSize = opts.segmentSize ?? (headerOk && validSegmentSize(h.segSize) ? h.segSize : DEFAULT_WAL_SEGMENT_SIZE);

  if (fileSize !== expectedSize) {
    throw new InvalidWalFileError(
      `WAL file ${name} is ${fileSize} bytes, a WAL segment is ${expectedSize}: refusing to archive a truncated or foreign file.`,
    );
  }
  if (!h || !headerOk) {
    const why = !h
      ? "it is shorter than a page header"
      : pgMajor === undefined
        ? `magic ${hex4(h.magic)} is not the WAL page magic of any PostgreSQL from 10 to 17`
        : `its first page has no long header (xlp_info ${hex4(h.info)})`;
    throw new InvalidWalFileError(`WAL file ${name} does not start with a WAL page header: ${why}.`);
  }
  if (!validSegmentSize(h.segSize) || h.segSize !== expectedSize) {
    throw new InvalidWalFileError(`WAL file ${name} says its segment size is ${h.segSize} bytes, expected ${expectedSize}.`);
  }
  const { timeline, segno } = parseSegmentName(base, h.segSize);
  // A promoted server starts its new timeline's first segment with a copy of the old timeline's
  // last one: pages up to the switch keep the parent's timeline in their headers. Only a header
  // from a later timeline than the name's is foreign.
  if (h.tli > timeline) {
    throw new InvalidWalFileError(`WAL file ${name} belongs to timeline ${h.tli}, its name says ${timeline}.`);
  }
  const start = segmentStartLsn(segno, h.segSize);
  if (h.pageAddr !== start) {
    throw new InvalidWalFileError(
      `WAL file ${name} starts at WAL position ${formatLsn(h.pageAddr)}, its name says ${formatLsn(start)} (a renamed or recycled file?).`,
    );
  }
  return {
    timeline,
    segno,
    segmentSize: h.segSize,
    systemIdentifier: h.sysid.toString(),
    pgMajor,
    blockSize: h.blockSize,
  };
}

// --- reading records out of a segment's bytes ---

/**
 * `length` bytes of WAL starting at `lsn`, from the whole segment `segment` that begins at
 * `segmentStart`, skipping the page headers a record continues across. Null when the bytes run
 * past the segment's end.
 */
export function readWalBytes(segment: Buffer, segmentStart: bigint, lsn: bigint, length: number, blockSize = 8192): Buffer | null {
  const out = Buffer.alloc(length);
  let pos = Number(lsn - segmentStart);
  if (pos < 0) return null;
  let done = 0;
  while (done < length) {
    if (pos % blockSize === 0) pos += pos === 0 ? LONG_PAGE_HEADER_SIZE : SHORT_PAGE_HEADER_SIZE;
    const pageEnd = (Math.floor(pos / blockSize) + 1) * blockSize;
    const take = Math.min(length - done, pageEnd - pos);
    if (pos + take > segment.length) return null;
    segment.copy(out, done, pos, pos + take);
    done += take;
    pos += take;
  }
  return out;
}

/**
 * Where a record of `totalLength` bytes (xl_tot_len, "tot" in pg_waldump) starting at `lsn` ends:
 * the value XLogInsert() returned for it, e.g. what pg_create_restore_point() prints. Records are
 * MAXALIGNed (8) and skip page headers; an end exactly on a page boundary stays there.
 */
export function recordEndLsn(lsn: bigint, totalLength: number, segmentSize: number, blockSize = 8192): bigint {
  let remaining = BigInt(Math.ceil(totalLength / 8) * 8);
  let pos = lsn;
  const block = BigInt(blockSize);
  const seg = BigInt(segmentSize);
  for (;;) {
    const pageEnd = (pos / block + 1n) * block;
    const take = remaining < pageEnd - pos ? remaining : pageEnd - pos;
    pos += take;
    remaining -= take;
    if (remaining === 0n) return pos;
    pos = pageEnd + BigInt(pageEnd % seg === 0n ? LONG_PAGE_HEADER_SIZE : SHORT_PAGE_HEADER_SIZE);
  }
}

const RM_XLOG_ID = 0;
const XLOG_RESTORE_POINT = 0x70;
const XLR_BLOCK_ID_DATA_SHORT = 255;
const XLOG_RECORD_HEADER = 24;
/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_OFFSET_US = 946_684_800_000_000n;

/**
 * The rp_time of the restore-point record at `lsn` (pg_waldump does not print it). The record is
 * an XLogRecord header (24 bytes: xl_tot_len, xl_xid, xl_prev, xl_info, xl_rmid, 2 pad, xl_crc),
 * then XLR_BLOCK_ID_DATA_SHORT + a 1-byte length, then xl_restore_point { TimestampTz rp_time;
 * char rp_name[64] }. Null when the bytes there are not such a record or leave the segment.
 */
export function readRestorePointTime(segment: Buffer, segmentStart: bigint, lsn: bigint, blockSize = 8192): Date | null {
  const rec = readWalBytes(segment, segmentStart, lsn, XLOG_RECORD_HEADER + 2 + 8, blockSize);
  if (!rec) return null;
  const info = rec.readUInt8(16);
  const rmid = rec.readUInt8(17);
  if (rmid !== RM_XLOG_ID || (info & 0xf0) !== XLOG_RESTORE_POINT || rec.readUInt8(24) !== XLR_BLOCK_ID_DATA_SHORT) return null;
  const us = rec.readBigInt64LE(26) + PG_EPOCH_OFFSET_US;
  return new Date(Number(us / 1000n));
}
