import { describe, expect, it } from "vitest";
import { DEFAULT_RESTART_POLICY, formatDelay, planRestart, type RestartPolicy } from "@/lib/domain/restart-backoff";

const policy: RestartPolicy = { initialMs: 2_000, maxMs: 60_000, stableMs: 60_000 };

describe("planRestart", () => {
  it("waits the initial delay for the first restart", () => {
    expect(planRestart(policy, 0, 500)).toEqual({ streak: 1, delayMs: 2_000 });
  });

  it("doubles the delay with each exit in a row, up to the cap", () => {
    const delays: number[] = [];
    let streak = 0;
    for (let i = 0; i < 8; i++) {
      const plan = planRestart(policy, streak, 1_000);
      streak = plan.streak;
      delays.push(plan.delayMs);
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(streak).toBe(8);
  });

  it("starts a new streak after a stable run", () => {
    expect(planRestart(policy, 6, 60_000)).toEqual({ streak: 1, delayMs: 2_000 });
    expect(planRestart(policy, 6, 59_999)).toEqual({ streak: 7, delayMs: 60_000 });
  });

  it("stays finite after very many restarts", () => {
    expect(planRestart(policy, 10_000, 0)).toEqual({ streak: 10_001, delayMs: 60_000 });
  });

  it("defaults to 2 s doubling to a minute, reset after a minute up", () => {
    expect(DEFAULT_RESTART_POLICY).toEqual(policy);
  });
});

describe("formatDelay", () => {
  it("says seconds, with one decimal below a whole second", () => {
    expect(formatDelay(2_000)).toBe("2 s");
    expect(formatDelay(60_000)).toBe("60 s");
    expect(formatDelay(500)).toBe("0.5 s");
    expect(formatDelay(1_250)).toBe("1.3 s");
  });
});
