import { describe, expect, it } from "vitest";
import { receivedBytes } from "@/lib/wal/partial-end";

describe("receivedBytes", () => {
  it("ends after the last non-zero byte, rounded up to a record boundary", () => {
    const seg = Buffer.alloc(8192);
    seg[0] = 1;
    seg[100] = 7;
    expect(receivedBytes(seg)).toBe(104);
    seg[103] = 1;
    expect(receivedBytes(seg)).toBe(104);
    seg[104] = 1;
    expect(receivedBytes(seg)).toBe(112);
  });

  it("is 0 for a file nothing was written to, and the whole file when it is full", () => {
    expect(receivedBytes(Buffer.alloc(8192))).toBe(0);
    expect(receivedBytes(Buffer.alloc(8192, 1))).toBe(8192);
  });
});
