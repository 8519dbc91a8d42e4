import { describe, expect, it } from "vitest";
import { formatBytes, formatRate } from "@/lib/domain/byte-size";

describe("formatBytes", () => {
  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1_610_000_000)).toBe("1.61 GB");
    expect(formatBytes(23_400_000)).toBe("23.4 MB");
    expect(formatBytes(512_000)).toBe("512 kB");
  });

  it("counts a kB as 1000 bytes, as its name says", () => {
    expect(formatBytes(999)).toBe("999 bytes");
    expect(formatBytes(1000)).toBe("1.00 kB");
    expect(formatBytes(1024)).toBe("1.02 kB");
    expect(formatBytes(16 * 1024 * 1024)).toBe("16.8 MB");
  });

  it("says nothing of a size it does not know", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(undefined)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatRate", () => {
  it("is a size per second, rounded to whole bytes", () => {
    expect(formatRate(50_000_000)).toBe("50.0 MB/s");
    expect(formatRate(200_000_000)).toBe("200 MB/s");
    expect(formatRate(0.4)).toBe("0 bytes/s");
    expect(formatRate(null)).toBe("—");
  });
});
