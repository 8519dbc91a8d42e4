import { describe, expect, it } from "vitest";
import { formatLsn, lsnDiff, MAX_LSN, parseLsn } from "@/lib/domain/lsn";

describe("parseLsn", () => {
  it.each([
    ["0/0", 0n],
    ["0/1", 1n],
    ["16/B374D848", 0x16b374d848n],
    ["1/0", 0x1_0000_0000n],
    ["FFFFFFFF/FFFFFFFF", MAX_LSN],
    ["0/3000028", 0x3000028n],
  ])("%s → %s", (text, lsn) => {
    expect(parseLsn(text)).toBe(lsn);
  });

  it("accepts lower-case hex as pg_lsn input does", () => {
    expect(parseLsn("16/b374d848")).toBe(0x16b374d848n);
  });

  it("keeps the halves apart: high part is shifted by 32 bits, not concatenated digits", () => {
    expect(parseLsn("1/1")).toBe(0x1_0000_0001n);
    expect(parseLsn("10/0")).not.toBe(parseLsn("1/00"));
  });

  it.each([
    "",
    "16B374D848",
    "16/",
    "/B374D848",
    "123456789/0",
    "0/123456789",
    "0x16/B374D848",
    "16/B374D84G",
    " 16/B374D848",
    "16/B374D848 ",
    "-1/0",
    "1/2/3",
  ])("refuses %j with a clear message", (text) => {
    expect(() => parseLsn(text)).toThrow(/Not a PostgreSQL LSN/);
  });
});

describe("formatLsn", () => {
  it.each([
    [0n, "0/0"],
    [0x16b374d848n, "16/B374D848"],
    [0x1_0000_0000n, "1/0"],
    [0x3000028n, "0/3000028"],
    [MAX_LSN, "FFFFFFFF/FFFFFFFF"],
  ])("%s → %s (upper case, no padding)", (lsn, text) => {
    expect(formatLsn(lsn)).toBe(text);
  });

  it("round-trips with parseLsn", () => {
    for (const text of ["0/0", "A/1", "16/B374D848", "FFFFFFFF/0", "0/FFFFFFFF"]) {
      expect(formatLsn(parseLsn(text))).toBe(text);
    }
  });

  it("refuses values outside 64 bits", () => {
    expect(() => formatLsn(-1n)).toThrow(RangeError);
    expect(() => formatLsn(MAX_LSN + 1n)).toThrow(/LSN out of range/);
  });
});

describe("lsnDiff", () => {
  it("is positive when the first LSN is ahead, like pg_wal_lsn_diff", () => {
    expect(lsnDiff(parseLsn("1/0"), parseLsn("0/FFFFFFFF"))).toBe(1n);
    expect(lsnDiff(parseLsn("0/3000000"), parseLsn("0/4000000"))).toBe(-0x1000000n);
    expect(lsnDiff(parseLsn("16/B374D848"), parseLsn("16/B374D848"))).toBe(0n);
  });

  it("stays exact beyond 2^53", () => {
    expect(lsnDiff(MAX_LSN, 0n)).toBe(18446744073709551615n);
  });

  it("refuses out-of-range operands", () => {
    expect(() => lsnDiff(-1n, 0n)).toThrow(RangeError);
  });
});
