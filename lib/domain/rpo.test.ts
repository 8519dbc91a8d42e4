import { describe, expect, it } from "vitest";
import { measuredRpoSeconds, rpoWithinTarget } from "@/lib/domain/rpo";

const now = new Date("2026-12-02T12:00:00.000Z");

describe("measuredRpoSeconds", () => {
  it("is now minus the newest recoverable commit, in seconds", () => {
    expect(measuredRpoSeconds(now, new Date("2026-12-02T11:59:57.500Z"))).toBe(2.5);
    expect(measuredRpoSeconds(now, new Date("2026-12-02T10:00:00.000Z"))).toBe(7200);
  });

  it("is 0 for a commit stamped after now (clocks of server and worker differ), null with nothing recoverable", () => {
    expect(measuredRpoSeconds(now, new Date("2026-12-02T12:00:01.000Z"))).toBe(0);
    expect(measuredRpoSeconds(now, null)).toBeNull();
  });
});

describe("rpoWithinTarget", () => {
  it("compares with the target in seconds, the target itself included", () => {
    expect(rpoWithinTarget(60, 60)).toBe(true);
    expect(rpoWithinTarget(60.5, 60)).toBe(false);
    expect(rpoWithinTarget(null, 60)).toBeNull();
  });
});
