// The streaming receiver stops (the server no longer accepts its replication connection): the
// monitor raises "WAL receiver down" with the receiver's error, and resolves it once it streams.
import fs from "node:fs/promises";
import path from "node:path";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STREAM_QUEUE_NAME } from "@/lib/queue/job-types";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker({ WAYBACK_MONITOR_INTERVAL_MS: "1000" });
const cat = useCatalog();
const source = useTestCluster();
let clusterId: string;
let streamQueue: Queue;
let hbaFile: string;
let hba: string;

const receiverAlert = () => w.db.alert.findFirst({ where: { clusterId, rule: "receiver_down" }, orderBy: { firstSeenAt: "desc" } });

beforeAll(async () => {
  const c = source();
  const repo = await createTestRepository(w.db);
  clusterId = await registerTestCluster(w.db, { secretKey: w.config().secretKey, source: c, name: "receiver", repositoryId: repo.id });
  hbaFile = path.join(c.dataDir, "pg_hba.conf");
  hba = await fs.readFile(hbaFile, "utf8");
  streamQueue = openQueue(STREAM_QUEUE_NAME, createRedis(cat.redisUrl, "producer"), w.config().queuePrefix);
  await enqueueJob(w.db, streamQueue, "wal.stream", { clusterId });
  await enqueueJob(w.db, streamQueue, "monitor", { clusterId });
});

afterAll(async () => {
  await streamQueue?.close();
});

describe("streaming receiver monitoring", () => {
  it("raises 'WAL receiver down' while replication is refused, with the error, and resolves it when the receiver streams again", async () => {
    const c = source();
    await until("the receiver to stream", async () => (await w.db.walReceiver.findUnique({ where: { clusterId } }))?.state === "streaming");
    await until("a monitor sample", async () => (await w.db.monitorSample.count({ where: { clusterId } })) > 0);
    expect(await receiverAlert()).toBeNull();

    // Replication refused from now on, and the running stream cut.
    await fs.writeFile(
      hbaFile,
      hba
        .split("\n")
        .filter((l) => !/\breplication\b/.test(l))
        .join("\n"),
    );
    await c.query("SELECT pg_reload_conf()");

    const alert = await until("a receiver_down alert", async () => {
      // The reload is asynchronous: a stream cut before it took effect would just reconnect, so
      // cut whatever stream exists until the refusals begin.
      await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_replication");
      const a = await receiverAlert();
      return a?.state === "open" ? a : null;
    });
    expect(alert.severity).toBe("critical");
    expect(alert.message).toMatch(/pg_hba\.conf|replication/);
    expect(alert.message).toContain(`wayback_${clusterId.replaceAll("-", "")}`);
    // The server itself answers: only the receiver is down.
    expect(await w.db.alert.findFirst({ where: { clusterId, rule: "cluster_unreachable" } })).toBeNull();

    await fs.writeFile(hbaFile, hba);
    await c.query("SELECT pg_reload_conf()");
    const resolved = await until(
      "receiver_down to resolve",
      async () => {
        const a = await receiverAlert();
        return a?.state === "resolved" ? a : null;
      },
      120_000,
    );
    expect(resolved.id).toBe(alert.id);
    expect(await w.db.alert.count({ where: { clusterId, rule: "receiver_down" } })).toBe(1);
  });
});
