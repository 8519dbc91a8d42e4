// A job queued for a cluster that is removed before a worker takes it: its catalog row went with
// the cluster, so the worker skips it (the queue entry completes) instead of failing on the row.
import { describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const source = useTestCluster();

describe("a job whose cluster was removed", () => {
  it("is skipped by the worker, not failed", async () => {
    const c = source();
    const name = uniqueName("gone");
    const { id: clusterId } = await createCluster(w.db, {
      input: { name, host: c.host, port: c.port, username: c.superuser, password: c.password, sslmode: "disable" },
      secretKey: w.config().secretKey,
    });
    const row = await recordJob(w.db, "wal.index", { clusterId });
    await deleteCluster(w.db, { id: clusterId, confirm: name });
    expect(await w.db.job.count({ where: { id: row.id } })).toBe(0); // gone with the cluster
    await dispatchJob(w.db, w.queue(), row);

    const state = await until("the worker to finish with it", async () => {
      const s = await (await w.queue().getJob(row.id))?.getState();
      return (s === "completed" || s === "failed") && s;
    });
    expect(state).toBe("completed");
  });
});
