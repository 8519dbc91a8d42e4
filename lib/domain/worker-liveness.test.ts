import { describe, expect, it } from "vitest";
import { MISSED_BEATS_FOR_GONE, workerState } from "./worker-liveness";

const now = new Date("2026-12-02T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("workerState", () => {
  it("is live while its last beat is within the allowed missed beats of its own interval", () => {
    expect(workerState({ lastHeartbeatAt: ago(0), heartbeatMs: 5000, stoppedAt: null }, now)).toBe("live");
    expect(workerState({ lastHeartbeatAt: ago(MISSED_BEATS_FOR_GONE * 5000), heartbeatMs: 5000, stoppedAt: null }, now)).toBe("live");
  });

  it("is gone once it missed more beats than allowed", () => {
    expect(workerState({ lastHeartbeatAt: ago(MISSED_BEATS_FOR_GONE * 5000 + 1), heartbeatMs: 5000, stoppedAt: null }, now)).toBe("gone");
    // Its own interval counts, not the reader's: a slow-beating worker is not gone after 15 s.
    expect(workerState({ lastHeartbeatAt: ago(20_000), heartbeatMs: 60_000, stoppedAt: null }, now)).toBe("live");
  });

  it("is stopped when it said so, however fresh its last beat", () => {
    expect(workerState({ lastHeartbeatAt: ago(0), heartbeatMs: 5000, stoppedAt: ago(0) }, now)).toBe("stopped");
  });
});
