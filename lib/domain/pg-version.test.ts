import { describe, expect, it } from "vitest";
import { majorFromVersionNum, pickClientMajor } from "@/lib/domain/pg-version";

describe("majorFromVersionNum", () => {
  it.each([
    [150018, 15],
    [170002, 17],
    [100000, 10],
    [90624, 9],
    [90000, 9],
  ])("%i → %i", (num, major) => {
    expect(majorFromVersionNum(num)).toBe(major);
  });

  it.each([0, -150018, 89999, 15.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s", (num) => {
    expect(() => majorFromVersionNum(num)).toThrow(/Not a PostgreSQL server_version_num/);
  });
});

describe("pickClientMajor", () => {
  it("picks the newest installed major not older than the server", () => {
    expect(pickClientMajor([13, 17, 15, 16], 14)).toBe(17);
  });

  it("picks an exact match when it is the only one usable", () => {
    expect(pickClientMajor([12, 13, 15], 15)).toBe(15);
  });

  it("returns null when every installed major is older than the server", () => {
    expect(pickClientMajor([12, 13, 14], 15)).toBeNull();
  });

  it("returns null when nothing is installed", () => {
    expect(pickClientMajor([], 15)).toBeNull();
  });

  it("does not reorder the caller's list", () => {
    const installed = [17, 13, 15];
    pickClientMajor(installed, 14);
    expect(installed).toEqual([17, 13, 15]);
  });
});
