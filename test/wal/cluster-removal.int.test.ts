// Removing a streaming cluster while a worker process runs its receiver, monitor and supervisor:
// the receiver ends at once and drops its slot, and nothing afterwards fails on the removed
// cluster's foreign keys (the receiver's last row, a monitor pass, the supervisor's job rows).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { slotNameFor } from "@/lib/pg/receivewal";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { findProcesses } from "@/test/harness/processes";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { useWorkerProcesses } from "@/test/harness/worker-process";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const { start: startWorkerProcess } = useWorkerProcesses(cat, keyHex, { WAYBACK_SUPERVISE_MS: "300", WAYBACK_MONITOR_INTERVAL_MS: "1000" });

describe("removing a streaming cluster", () => {
  it("stops its receiver, drops its slot, and leaves no failed job or foreign-key error behind", async () => {
    const c = source();
    const secretKey = Buffer.from(keyHex, "hex");
    const input = { host: c.host, port: c.port, username: c.superuser, password: c.password, sslmode: "disable" as const };
    const repo = await createTestRepository(cat.db);
    const removed = await createCluster(cat.db, {
      input: { ...input, name: uniqueName("removed"), repositoryId: repo.id, walMode: "streaming" },
      secretKey,
    });
    // Stays, monitored (and streaming too, with the default repository): its samples count the
    // monitor's passes after the removal.
    const kept = await createCluster(cat.db, { input: { ...input, name: uniqueName("kept") }, secretKey });
    const logs: string[] = [];
    startWorkerProcess({ output: (text) => logs.push(...text.split("\n").filter(Boolean)) });

    const slot = slotNameFor(removed.id);
    await until("the receiver to stream", () =>
      cat.db.walReceiver.findUnique({ where: { clusterId: removed.id } }).then((r) => r?.state === "streaming"),
    );
    await until(
      "the removed cluster's monitor to take a sample",
      async () => (await cat.db.monitorSample.count({ where: { clusterId: removed.id } })) > 0,
    );
    const receivers = () => findProcesses((argv) => path.basename(argv[0]!) === "pg_receivewal" && argv.includes(slot));
    await until("its pg_receivewal to run", async () => (await receivers()).length === 1);

    const walsender = await until(
      "its walsender",
      async () =>
        (await c.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1", [slot])).rows[0]?.active_pid as number | null,
    );
    const { name } = await cat.db.cluster.findUniqueOrThrow({ where: { id: removed.id } });
    await deleteCluster(cat.db, { id: removed.id, confirm: name });

    await until("its pg_receivewal to end", async () => (await receivers()).length === 0);
    await until(
      "its walsender to end",
      async () => (await c.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE pid = $1", [walsender])).rows[0].n === 0,
    );
    await until(
      "its slot to be dropped",
      async () => (await c.query("SELECT count(*)::int AS n FROM pg_replication_slots WHERE slot_name = $1", [slot])).rows[0].n === 0,
    );

    // The monitor runs a few more passes, and the supervisor at least one (it starts the monitor of
    // a cluster added after the removal).
    const samples = await cat.db.monitorSample.count({ where: { clusterId: kept.id } });
    await until(
      "three more monitor passes",
      async () => (await cat.db.monitorSample.count({ where: { clusterId: kept.id } })) >= samples + 3,
    );
    const added = await createCluster(cat.db, { input: { ...input, name: uniqueName("added") }, secretKey });
    await until(
      "the supervisor to start the new cluster's monitor",
      async () => (await cat.db.job.count({ where: { clusterId: added.id, type: "monitor" } })) > 0,
    );

    expect(await cat.db.job.findMany({ where: { status: "failed" }, select: { type: true, error: true } })).toEqual([]);
    // pino: 40 warn, 50 error.
    const complaints = logs.filter((line) => /foreign key|_fkey/i.test(line) && Number(/"level":(\d+)/.exec(line)?.[1]) >= 40);
    expect(complaints).toEqual([]);
  });
});
