import { describe, expect, it } from "vitest";
import { ASSUMED_FIXED_SECONDS } from "@/lib/domain/restore-estimate";
import { measuredSpeeds } from "@/lib/restores/measured-speeds";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { useTestCluster } from "@/test/harness/cluster";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();

describe("restore estimate from measured speeds", () => {
  it("before any restore, the plan's estimate uses the speed this installation's backup job measured, not constants", async () => {
    const { clusterId, backup } = await backedUpCluster(w, source(), "speeds");
    const host = await measuredSpeeds(w.db);
    expect(host.backups).toEqual([{ databaseBytes: Number(backup.databaseSizeBytes), copyMs: backup.copyMs, verifyMs: backup.verifyMs }]);
    expect(host.restores).toEqual([]);

    const { result, estimate } = await planForCluster(w.db, { clusterId, target: { kind: "immediate", backupId: backup.id } });
    expect(result.ok).toBe(true);
    expect(estimate!.detail).toContain("as fast as this installation verified its last 1 backup");
    // The base part takes as long as verifying took; no restore was measured yet, so the fixed cost is assumed.
    expect(estimate!.seconds).toBeGreaterThanOrEqual(Math.floor(backup.verifyMs! / 1000) + ASSUMED_FIXED_SECONDS);
    expect(estimate!.detail).toContain(`an assumed ${ASSUMED_FIXED_SECONDS} s to start, recover and check the copy`);
  });
});
