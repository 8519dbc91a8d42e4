// Two receiver jobs for one cluster (what BullMQ does when a live receiver's job lock expires and
// the job goes to a second worker): only the holder of the cluster's receiver lock receives; the
// other waits without touching the slot, and takes over once the holder's lock is gone.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { STREAM_QUEUE_NAME } from "@/lib/queue/job-types";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { openQueue, createRedis } from "@/lib/queue/redis";
import { slotNameFor } from "@/lib/pg/receivewal";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();

describe("the receiver lock", () => {
  it("keeps a second receiver job of a cluster from ending the first one's walsender, and lets it take over when the first loses the lock", async () => {
    const c = source();
    const repo = await createTestRepository(w.db);
    const clusterId = await registerTestCluster(w.db, {
      secretKey: w.config().secretKey,
      source: c,
      name: "locked",
      repositoryId: repo.id,
    });
    const slot = slotNameFor(clusterId);
    const holderPid = async () =>
      (await c.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1", [slot])).rows[0]?.active_pid as number | null;
    const first = await until("the first receiver to hold the slot", holderPid);
    const firstJob = await w.db.job.findFirstOrThrow({ where: { clusterId, type: "wal.stream" } });

    // The same job type for the same cluster, queued again beside the running one.
    const cfg = w.config();
    const redis = createRedis(cfg.redisUrl, "producer");
    const stream = openQueue(STREAM_QUEUE_NAME, redis, cfg.queuePrefix);
    try {
      const second = await dispatchJob(w.db, stream, await recordJob(w.db, "wal.stream", { clusterId }));
      await until("the second receiver to wait", async () =>
        (await w.db.job.findUnique({ where: { id: second.id } }))?.log?.includes("waiting for it to stop"),
      );

      // Time passes (a segment is received and archived), and the first still holds the slot.
      const archived = await w.db.walSegment.count({ where: { clusterId } });
      await c.query("CREATE TABLE IF NOT EXISTS lock_test AS SELECT 1; SELECT pg_switch_wal()");
      await until("a segment archived meanwhile", async () => (await w.db.walSegment.count({ where: { clusterId } })) > archived);
      expect(await holderPid()).toBe(first);
      expect((await w.db.walReceiver.findUniqueOrThrow({ where: { clusterId } })).restarts).toBe(0);

      // The first loses its lock (its catalog connection is cut): it stops, and the second takes over.
      const catalog = new pg.Client({ connectionString: cfg.databaseUrl });
      await catalog.connect();
      try {
        const { rowCount } = await catalog.query(
          `SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
            WHERE a.application_name = 'wayback-receiver-lock' AND a.datname = current_database() AND l.locktype = 'advisory' AND l.granted`,
        );
        expect(rowCount).toBe(1);
      } finally {
        await catalog.end();
      }
      const next = await until("another receiver to hold the slot", async () => {
        const pid = await holderPid();
        return pid !== null && pid !== first && pid;
      });
      await until("the second job to receive", async () =>
        (await w.db.job.findUnique({ where: { id: second.id } }))?.log?.includes(`with slot ${slot}`),
      );
      // The first now waits in turn, and leaves the second's walsender alone.
      await until("the first job to wait", async () =>
        (await w.db.job.findUnique({ where: { id: firstJob.id } }))?.log?.includes("waiting for it to stop"),
      );
      const again = await w.db.walSegment.count({ where: { clusterId } });
      await c.query("CREATE TABLE lock_test_2 AS SELECT 1; SELECT pg_switch_wal()");
      await until("a segment archived by the second", async () => (await w.db.walSegment.count({ where: { clusterId } })) > again);
      expect(await holderPid()).toBe(next);
    } finally {
      await stream.close();
      redis.disconnect();
    }
  });
});
