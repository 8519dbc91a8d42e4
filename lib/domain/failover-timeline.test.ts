import { describe, expect, it } from "vitest";
import { drillRequestInput } from "@/lib/domain/drill-input";
import { pictureOnTimeline } from "@/lib/domain/failover-timeline";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import type { RecoverableWindow } from "@/lib/domain/recoverable-window";

const window = (timeline: number, to: bigint): RecoverableWindow => ({
  timeline,
  fromBackupId: "b1",
  from: { lsn: 0x3000000n, time: new Date("2026-12-02T10:00:00Z") },
  to: { lsn: to, time: new Date("2026-12-02T11:00:00Z") },
});
const picture = { windows: [window(1, 0x5000000n), window(2, 0x7000000n)], gaps: [] };

describe("pictureOnTimeline", () => {
  it("keeps only the asked timeline's windows, and everything else of the picture", () => {
    expect(pictureOnTimeline(picture, 1)).toEqual({ ok: true, picture: { windows: [window(1, 0x5000000n)], gaps: [] } });
  });

  it("refuses a timeline without a window, naming those with one", () => {
    expect(pictureOnTimeline(picture, 3)).toMatchObject({
      ok: false,
      error: {
        code: "no_window",
        message: "Nothing is recoverable on timeline 3: choose timeline 1, 2, or leave the timeline out to follow the latest.",
      },
    });
  });
});

describe("the timeline field of restores and drills", () => {
  it("takes a whole number from 1, the same way in both, and leaves it out to follow the latest", () => {
    expect(drillRequestInput.parse({ timeline: 2 })).toMatchObject({ timeline: 2 });
    expect(drillRequestInput.parse({}).timeline).toBeUndefined();
    expect(restoreRequestInput.parse({ target: { kind: "latest" }, timeline: 2 })).toMatchObject({ timeline: 2 });
    for (const [bad, message] of [
      [0, "Timelines start at 1."],
      [1.5, "Enter the timeline as a whole number."],
      [null, "Enter the timeline as a whole number."],
    ] as const) {
      expect(drillRequestInput.safeParse({ timeline: bad }).error?.issues[0]?.message).toBe(message);
      expect(restoreRequestInput.safeParse({ target: { kind: "latest" }, timeline: bad }).error?.issues[0]?.message).toBe(message);
    }
  });
});
