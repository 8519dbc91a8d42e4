import { describe, expect, it } from "vitest";
import { parseProcessStat, processStat } from "@/lib/pg/proc-stat";

describe("parseProcessStat", () => {
  it("reads the group and start time after a command name holding spaces and parentheses", () => {
    const text =
      "4242 (pg (basebackup) x) S 1 4240 4240 0 -1 4194560 120 0 0 0 1 2 0 0 20 0 1 0 987654 12345 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    expect(parseProcessStat(text)).toEqual({ pgid: 4240, startTime: "987654", zombie: false });
  });

  it("tells a zombie", () => {
    expect(parseProcessStat("7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0")?.zombie).toBe(true);
  });

  it("is null for text that is not a stat line", () => {
    expect(parseProcessStat("")).toBeNull();
  });
});

describe("processStat", () => {
  it("reads this process, and null for one that does not exist", () => {
    expect(processStat(process.pid)).toEqual({ pgid: expect.any(Number), startTime: expect.stringMatching(/^\d+$/), zombie: false });
    expect(processStat(2 ** 22 + 1)).toBeNull();
  });
});
