import { describe, expect, it } from "vitest";
import { progressThrottle, type ProgressPoint } from "@/lib/domain/progress-throttle";

function throttled(write: (p: ProgressPoint) => Promise<void> = async () => undefined) {
  let clock = 0;
  const written: ProgressPoint[] = [];
  const throttle = progressThrottle<ProgressPoint>({
    now: () => clock,
    write: async (p) => {
      written.push(p);
      await write(p);
    },
  });
  return { throttle, written, tick: (ms: number) => (clock += ms) };
}

describe("progress throttle", () => {
  it("writes the first report, then only what moved a second or 5% of the total further", async () => {
    const { throttle, written, tick } = throttled();
    throttle.report({ bytes: 0, total: 1000 });
    throttle.report({ bytes: 10, total: 1000 });
    tick(500);
    throttle.report({ bytes: 60, total: 1000 });
    tick(100);
    throttle.report({ bytes: 70, total: 1000 });
    tick(1000);
    throttle.report({ bytes: 71, total: 1000 });
    await throttle.flush();
    expect(written.map((p) => p.bytes)).toEqual([0, 60, 71]);
  });

  it("counts only time without a total", async () => {
    const { throttle, written, tick } = throttled();
    throttle.report({ bytes: 0 });
    throttle.report({ bytes: 1e9 });
    tick(999);
    throttle.report({ bytes: 2e9 });
    tick(1);
    throttle.report({ bytes: 3e9 });
    await throttle.flush();
    expect(written.map((p) => p.bytes)).toEqual([0, 3e9]);
  });

  it("writes the end of a known total at once", async () => {
    const { throttle, written } = throttled();
    throttle.report({ bytes: 0, total: 100 });
    throttle.report({ bytes: 100, total: 100 });
    await throttle.flush();
    expect(written.map((p) => p.bytes)).toEqual([0, 100]);
  });

  it("flush writes its point whatever the clock says, and the next report counts from it", async () => {
    const { throttle, written, tick } = throttled();
    throttle.report({ bytes: 0 });
    await throttle.flush({ bytes: 5 });
    tick(999);
    throttle.report({ bytes: 6 });
    await throttle.flush();
    expect(written.map((p) => p.bytes)).toEqual([0, 5]);
  });

  it("lands writes in order, one at a time", async () => {
    const order: string[] = [];
    let running = 0;
    const { throttle, tick } = throttled(async (p) => {
      running++;
      expect(running).toBe(1);
      order.push(`start ${p.bytes}`);
      await new Promise((r) => setImmediate(r));
      order.push(`end ${p.bytes}`);
      running--;
    });
    throttle.report({ bytes: 1 });
    tick(1000);
    throttle.report({ bytes: 2 });
    await throttle.flush({ bytes: 3 });
    expect(order).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("surfaces a failed write at flush, not as an unhandled rejection meanwhile", async () => {
    const { throttle } = throttled(async () => {
      throw new Error("catalog gone");
    });
    throttle.report({ bytes: 1 });
    await new Promise((r) => setImmediate(r));
    await expect(throttle.flush()).rejects.toThrow("catalog gone");
  });
});
