import { describe, expect, it } from "vitest";
import { until } from "@/bench/lib/until";

describe("until", () => {
  it("returns once the probe says done", async () => {
    let polls = 0;
    await until(async () => (++polls === 2 ? { done: true } : { done: false, missing: "x" }));
    expect(polls).toBe(2);
  });
  it("gives up with what is still missing", async () => {
    await expect(until(async () => ({ done: false, missing: "3 segments to archive" }), 0)).rejects.toThrow(
      /gave up after 0 s waiting: 3 segments to archive/,
    );
  });
});
