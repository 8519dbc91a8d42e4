import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getFleet } from "@/lib/monitor/get-fleet";
import { getMonitoring } from "@/lib/monitor/get-monitoring";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { fleetShape, seedFleet } from "@/bench/fleet-seed";
import { useCatalog } from "@/test/harness/catalog";

const cat = useCatalog();
const now = new Date("2026-12-02T04:00:00Z");
const config = { monitor: { intervalMs: 30_000, archiveStaleMs: 600_000, maxSegmentsBehind: 8, slotLagMaxBytes: 1n << 30n }, cli: cat.cli };
const SEGMENT_MINUTES = 5;
let clusterIds: string[];

beforeAll(async () => {
  ({ clusterIds } = await seedFleet(cat.db, {
    clusters: 8,
    segmentsPerCluster: 60,
    segmentMinutes: SEGMENT_MINUTES,
    backupsPerCluster: 4,
    samplesPerCluster: 130,
    now,
    secretKey: randomBytes(32),
  }));
});

describe("the fleet overview", () => {
  it("gives each cluster the numbers its own timeline and monitoring pages give", async () => {
    const fleet = await getFleet(cat.db, { config, now });
    expect(fleet.map((r) => r.clusterId)).toEqual(clusterIds);
    for (const row of fleet) {
      const [timeline, monitoring] = await Promise.all([
        getTimeline(cat.db, { clusterId: row.clusterId, cli: config.cli, now }),
        getMonitoring(cat.db, { clusterId: row.clusterId, config, now }),
      ]);
      expect(row.latestRecoverableTime).toBe(timeline.latestRecoverableTime);
      expect(row.checklist).toEqual({ met: monitoring.checklist.filter((i) => i.ok).length, total: monitoring.checklist.length });
    }
  });

  it("says what was seeded: recovery point, alerts and drills", async () => {
    const fleet = await getFleet(cat.db, { config, now });
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    fleet.forEach((row, i) => {
      // Contiguous WAL runs to the newest segment (ending now); a gap two segments before the end
      // stops replay at the segment before it.
      const latest = fleetShape.noBackups(i) ? null : fleetShape.walGap(i) ? minutesAgo(3 * SEGMENT_MINUTES) : now.toISOString();
      expect(row.latestRecoverableTime, `cluster ${i}`).toBe(latest);
      expect(row.rpo).toBe(latest === null ? "none" : fleetShape.rpoBreached(i) ? "behind" : "ok");
      expect(row.archive).toBe(fleetShape.failingArchive(i) ? "failing" : "ok");
      expect(row.openAlerts).toBe(Number(fleetShape.failingArchive(i)) + Number(fleetShape.rpoBreached(i)));
      expect(row.worstSeverity).toBe(fleetShape.failingArchive(i) ? "critical" : fleetShape.rpoBreached(i) ? "warning" : null);
      const drill = fleetShape.failedDrill(i)
        ? { status: "failed", recoveryMs: null, baseBytes: null }
        : fleetShape.passedDrill(i)
          ? { status: "passed", recoveryMs: 45_000 + i, baseBytes: 1_000_000_000 + i }
          : null;
      expect(
        row.lastDrill === null
          ? null
          : { status: row.lastDrill.status, recoveryMs: row.lastDrill.recoveryMs, baseBytes: row.lastDrill.baseBytes },
      ).toEqual(drill);
      expect(row.checklist.total).toBe(8);
    });
  });
});
