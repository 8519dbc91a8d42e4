import { describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { getCluster } from "@/lib/clusters/find-clusters";
import type { ClusterCreateFields } from "@/lib/domain/cluster-input";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { uniqueName } from "@/test/harness/catalog";
import { freePort } from "@/lib/pg/free-port";
import { useTestCluster } from "@/test/harness/cluster";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const healthy = useTestCluster();
const minimal = useTestCluster({ settings: { wal_level: "minimal", max_wal_senders: 0 } });
const noReplicationHba = useTestCluster({ replicationHba: false });

/** Registers a cluster, runs "Check connection" through the real queue and worker, returns the view. */
async function check(input: Omit<ClusterCreateFields, "name">) {
  const { id } = await createCluster(w.db, {
    input: { name: uniqueName("check"), database: "postgres", sslmode: "prefer", ...input },
    secretKey: w.config().secretKey,
  });
  const job = await enqueueJob(w.db, w.queue(), "cluster.check", { clusterId: id });
  const done = await w.waitForJob(job.id);
  expect(done.status).toBe("succeeded");
  const view = await getCluster(w.db, id);
  expect(view.lastCheck?.jobId).toBe(job.id);
  return view.lastCheck!;
}

const item = (c: Awaited<ReturnType<typeof check>>, key: string) => c.readiness.find((i) => i.key === key)!;

describe("check connection", () => {
  it("records what a well-configured server reports, and it is ready", async () => {
    const c = healthy();
    const result = await check({ host: c.host, port: c.port, username: c.superuser, password: c.password });
    const { rows } = await c.query("SELECT system_identifier::text AS id, pg_database_size('postgres') AS size FROM pg_control_system()");

    expect(result.reachable).toBe(true);
    expect(result.serverMajor).toBe(15);
    expect(result.serverVersion).toMatch(/^15\./);
    expect(result.systemIdentifier).toBe(rows[0].id);
    expect(result.walLevel).toBe("replica");
    expect(result.hasReplication || result.isSuperuser).toBe(true);
    expect(result.replicationError).toBeNull();
    expect(result.maxWalSenders).toBeGreaterThanOrEqual(3);
    expect(result.databaseSizeBytes).toBeGreaterThan(1_000_000);
    expect(Math.abs(result.databaseSizeBytes! - Number(rows[0].size))).toBeLessThan(1_000_000);
    expect(result.clientToolsMajor).toBe(15);
    expect(result.ready).toBe(true);
    expect(result.readiness.filter((i) => i.status === "fail")).toEqual([]);
  });

  it("flags wal_level = minimal with the fix", async () => {
    const c = minimal();
    const result = await check({ host: c.host, port: c.port, username: c.superuser, password: c.password });
    expect(result.walLevel).toBe("minimal");
    expect(item(result, "wal_level")).toMatchObject({
      status: "fail",
      fix: expect.objectContaining({ command: expect.stringContaining("wal_level = replica") }),
    });
    expect(item(result, "max_wal_senders").status).toBe("fail");
    expect(result.ready).toBe(false);
  });

  it("flags a role without REPLICATION", async () => {
    const c = healthy();
    const role = uniqueName("app").replaceAll("-", "_");
    await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-password'`);
    const result = await check({ host: c.host, port: c.port, username: role, password: "app-password" });
    expect(result.reachable).toBe(true);
    expect(result.hasReplication).toBe(false);
    expect(item(result, "replication_role")).toMatchObject({
      status: "fail",
      fix: { advice: "Run as a superuser:", command: `ALTER ROLE "${role}" REPLICATION;` },
    });
    expect(item(result, "replication_connection").status).toBe("fail");
    expect(result.ready).toBe(false);
  });

  it("flags a server whose pg_hba.conf refuses replication connections", async () => {
    const c = noReplicationHba();
    const result = await check({ host: c.host, port: c.port, username: c.superuser, password: c.password });
    expect(result.reachable).toBe(true);
    expect(result.replicationError).toMatch(/pg_hba\.conf/);
    expect(item(result, "replication_connection")).toMatchObject({
      status: "fail",
      fix: expect.objectContaining({ command: expect.stringContaining("host replication postgres") }),
    });
  });

  it("reports a wrong password as a check result, not a crash", async () => {
    const c = healthy();
    const result = await check({ host: c.host, port: c.port, username: c.superuser, password: "not-the-password" });
    expect(result.reachable).toBe(false);
    expect(result.error).toMatch(/password authentication failed/);
    expect(result.readiness).toEqual([
      expect.objectContaining({
        key: "connection",
        status: "fail",
        fix: expect.objectContaining({ advice: expect.stringContaining("password") }),
      }),
    ]);
  });

  it("reports an unreachable server as a check result", async () => {
    const result = await check({ host: "127.0.0.1", port: await freePort(), username: "postgres", password: "x" });
    expect(result.reachable).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(result.readiness[0]).toMatchObject({
      status: "fail",
      fix: expect.objectContaining({ advice: expect.stringContaining("check the host and port") }),
    });
  });
});
