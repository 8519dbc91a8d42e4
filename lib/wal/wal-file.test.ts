import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/domain/lsn";
import { inspectWalSegment, readRestorePointTime, readWalBytes, recordEndLsn, WAL_PAGE_MAGIC } from "@/lib/wal/wal-file";

const SEG = 16 * 1024 * 1024;
// The first 40 bytes of a real PostgreSQL 15 segment, 000000010000000000000001; pg_controldata
// said "Database system identifier: 7711890819289615276".
const REAL_HEAD = Buffer.from("10d102000100000000000001000000000000000000000000ac8b5a3ed723066b0000000100200000", "hex");
const NAME = "000000010000000000000001";

function head(over: { magic?: number; info?: number; tli?: number; pageAddr?: bigint; segSize?: number } = {}): Buffer {
  const b = Buffer.from(REAL_HEAD);
  if (over.magic !== undefined) b.writeUInt16LE(over.magic, 0);
  if (over.info !== undefined) b.writeUInt16LE(over.info, 2);
  if (over.tli !== undefined) b.writeUInt32LE(over.tli, 4);
  if (over.pageAddr !== undefined) b.writeBigUInt64LE(over.pageAddr, 8);
  if (over.segSize !== undefined) b.writeUInt32LE(over.segSize, 32);
  return b;
}

describe("inspectWalSegment", () => {
  it("reads a real PostgreSQL 15 segment header", () => {
    expect(inspectWalSegment(NAME, REAL_HEAD, SEG)).toEqual({
      timeline: 1,
      segno: 1n,
      segmentSize: SEG,
      systemIdentifier: "7711890819289615276",
      pgMajor: 15,
      blockSize: 8192,
    });
    expect(WAL_PAGE_MAGIC.get(0xd110)).toBe(15);
  });

  it("accepts a .partial segment and other segment sizes named by the header", () => {
    expect(inspectWalSegment(`${NAME}.partial`, REAL_HEAD, SEG).segno).toBe(1n);
    // 64 MiB segments: 000000010000000000000001 starts at 64 MiB.
    const big = head({ segSize: 64 * 1024 * 1024, pageAddr: 64n * 1024n * 1024n });
    expect(inspectWalSegment(NAME, big, 64 * 1024 * 1024)).toMatchObject({ segno: 1n, segmentSize: 64 * 1024 * 1024 });
  });

  it("refuses empty, short and long files", () => {
    expect(() => inspectWalSegment(NAME, Buffer.alloc(0), 0)).toThrow(`WAL file ${NAME} is empty`);
    expect(() => inspectWalSegment(NAME, REAL_HEAD, 4096)).toThrow(`WAL file ${NAME} is 4096 bytes, a WAL segment is 16777216`);
    expect(() => inspectWalSegment(NAME, Buffer.alloc(40), 4096)).toThrow("is 4096 bytes, a WAL segment is 16777216");
    expect(() => inspectWalSegment(NAME, REAL_HEAD, SEG + 1)).toThrow("is 16777217 bytes");
    expect(() => inspectWalSegment(NAME, REAL_HEAD, SEG, { segmentSize: 32 * 1024 * 1024 })).toThrow("a WAL segment is 33554432");
  });

  it("refuses a file of the right size that is not WAL", () => {
    expect(() => inspectWalSegment(NAME, Buffer.alloc(40, 0x41), SEG)).toThrow(
      `WAL file ${NAME} does not start with a WAL page header: magic 0x4141`,
    );
    expect(() => inspectWalSegment(NAME, head({ info: 0 }), SEG)).toThrow(
      "does not start with a WAL page header: its first page has no long header",
    );
    expect(() => inspectWalSegment(NAME, Buffer.alloc(10), SEG)).toThrow("shorter than a page header");
    expect(() => inspectWalSegment(NAME, head({ segSize: 12345 }), SEG)).toThrow("says its segment size is 12345");
  });

  it("accepts a new timeline's first segment, which begins with its parent timeline's pages", () => {
    expect(inspectWalSegment("000000020000000000000001", head({ tli: 1 }), SEG)).toMatchObject({ timeline: 2, segno: 1n });
  });

  it("refuses a segment whose header disagrees with its name", () => {
    expect(() => inspectWalSegment(NAME, head({ tli: 2 }), SEG)).toThrow(`WAL file ${NAME} belongs to timeline 2, its name says 1.`);
    expect(() => inspectWalSegment(NAME, head({ pageAddr: 0x2000000n }), SEG)).toThrow(
      "starts at WAL position 0/2000000, its name says 0/1000000",
    );
    expect(() => inspectWalSegment("000000010000000000000001.backup", REAL_HEAD, SEG)).toThrow("is not a WAL segment name");
  });
});

describe("record positions", () => {
  it("computes the end of a record as XLogInsert returns it", () => {
    // pg_create_restore_point('before-migration') returned 0/1526C10 for the 98-byte record at 0/01526BA8.
    expect(recordEndLsn(parseLsn("0/01526BA8"), 98, SEG)).toBe(parseLsn("0/1526C10"));
    // A record crossing a page boundary skips the next page's 24-byte header.
    expect(recordEndLsn(0x1001ff8n, 16, SEG)).toBe(0x1002000n + 24n + 8n);
    // Ending exactly on a page boundary stays there.
    expect(recordEndLsn(0x1001ff0n, 16, SEG)).toBe(0x1002000n);
    // Crossing into the next segment skips its 40-byte long header.
    expect(recordEndLsn(0x1fffff8n, 16, SEG)).toBe(0x2000000n + 40n + 8n);
  });

  it("reads bytes across a page header", () => {
    const seg = Buffer.alloc(3 * 8192);
    seg.fill(1, 8192 - 4, 8192);
    seg.fill(9, 8192, 8192 + 24);
    seg.fill(2, 8192 + 24, 8192 + 28);
    expect([...readWalBytes(seg, 0n, 8188n, 8)!]).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(readWalBytes(seg, 0n, BigInt(3 * 8192 - 4), 8)).toBeNull();
  });

  it("reads the time of a real restore-point record", () => {
    // The record pg_waldump showed at 0/01526BA8 ("RESTORE_POINT before-migration"), copied from the segment;
    // the transaction that created it read now() = 2026-11-24T23:55:03.931Z.
    const record = Buffer.from(
      "6200000000000000806b520100000000700000003f71f14dff484dba35350d0403006265666f72652d6d6967726174696f6e00e720a1af550000b8d075a4af55000028db82a4af55000050d882a4af55000040da82a4af550000f0637726fe7f0000",
      "hex",
    );
    const seg = Buffer.alloc(SEG);
    seg.write(REAL_HEAD.toString("binary"), 0, "binary");
    record.copy(seg, 0x526ba8);
    const at = readRestorePointTime(seg, 0x1000000n, 0x1526ba8n);
    expect(at).not.toBeNull();
    expect(Math.abs(at!.getTime() - Date.parse("2026-11-24T23:55:03.931Z"))).toBeLessThan(50);
    // Not a restore point there: null.
    expect(readRestorePointTime(seg, 0x1000000n, 0x1526c10n)).toBeNull();
  });
});
