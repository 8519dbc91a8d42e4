import { describe, expect, it } from "vitest";
import { assertReachedEnd } from "./recovery-end";

describe("assertReachedEnd", () => {
  it("accepts recovery that reached the last archived segment", () => {
    expect(() => assertReachedEnd("0/5000100", 0x6000000n, 1)).not.toThrow();
    expect(() => assertReachedEnd("0/5000100", null, 1)).not.toThrow();
    expect(() => assertReachedEnd("0/6000000", 0x6000000n, 1)).not.toThrow();
  });

  it("names the first segment recovery could not fetch when it stopped short", () => {
    expect(() => assertReachedEnd("0/3FFFFF0", 0x6000000n, 1)).toThrow(
      "Recovery ended at 0/3FFFFF0, before the end of the archive (0/6000000): WAL segment 000000010000000000000004 could not be fetched from the repository.",
    );
  });

  it("at a segment's first byte, that segment is the one recovery could not read", () => {
    expect(() => assertReachedEnd("0/5000000", 0x6000000n, 1)).toThrow(/WAL segment 000000010000000000000005 could not be fetched/);
  });
});
