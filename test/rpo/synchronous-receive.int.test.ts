// Synchronous receive (issue 19): with the receiver in synchronous_standby_names, a commit returns
// only once pg_receivewal --synchronous has flushed it. pgbench writes a ledger, the server is
// killed (-9) at a moment under load and its data directory removed; a restore to "latest" from
// the repository holds every transaction pgbench saw committed.
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { RECEIVER_APPLICATION_NAME, SYNCHRONOUS_STANDBY_ENTRY } from "@/lib/domain/synchronous-receive";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { destroyInstance } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { uniqueName } from "@/test/harness/catalog";
import { createTestCluster, testBinaries, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { onCopy } from "@/test/harness/restored-copy";
import { until } from "@/test/harness/until";
import { useWorker, waitForJob } from "@/test/harness/worker";
import { killAndWipe } from "@/test/rpo/kill";
import { LEDGER_COUNTS, LEDGER_TABLE, runLedger } from "@/test/rpo/ledger";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
let source: TestCluster | undefined;
let scratch: string | undefined;
const copies: { dataDir: string; port: number }[] = [];

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const c of copies) await destroyInstance({ dataDir: c.dataDir, port: c.port, bins, osUser }).catch(() => undefined);
  await source?.destroy();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("synchronous receive", () => {
  it("loses no transaction pgbench saw committed when the server is killed under load", async () => {
    const c = (source = await createTestCluster());
    scratch = await mkdtemp(path.join(os.tmpdir(), "wayback-ledger-"));
    const repo = await createTestRepository(w.db);
    const clusterId = await registerTestCluster(w.db, {
      secretKey: w.config().secretKey,
      source: c,
      name: "sync",
      repositoryId: repo.id,
      input: { synchronousReceive: true },
    });
    await until("the receiver to stream", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    const backup = await w.waitForJob((await requestBackup(w.db, w.queue(), clusterId)).id);
    expect(backup.error).toBeNull();
    await c.query(LEDGER_TABLE);

    // 1. the server waits for the receiver: the line the readiness list gives, as an operator sets it
    const setting = SYNCHRONOUS_STANDBY_ENTRY.slice(SYNCHRONOUS_STANDBY_ENTRY.indexOf("=") + 1).trim();
    await c.query(`ALTER SYSTEM SET synchronous_standby_names = ${setting}`);
    await c.query("SELECT pg_reload_conf()");
    await until("the receiver to be the synchronous standby", () =>
      c
        .query("SELECT sync_state FROM pg_stat_replication WHERE application_name = $1", [RECEIVER_APPLICATION_NAME])
        .then((r) => r.rows[0]?.sync_state === "sync"),
    );

    // 2. pgbench writes; the server is killed at a random moment under load
    const run = runLedger(
      testBinaries(),
      { host: c.host, port: c.port, user: c.superuser, password: c.password },
      {
        dir: scratch,
        clients: 4,
        seconds: 300,
      },
    );
    const killAt = randomInt(200, 800);
    await until(`${killAt} transactions`, () => c.query("SELECT count(*)::int AS n FROM rpo_ledger").then((r) => r.rows[0].n >= killAt));
    await killAndWipe(c);
    const { committed } = await run;
    const seen = [...committed.values()].reduce((a, b) => a + b, 0);
    expect(seen).toBeGreaterThanOrEqual(killAt);

    // 3. the receiver stores what it received last once its server is gone
    await until("the receiver to notice the server is gone", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r !== null && r.state !== "streaming"),
    );

    // 4. restore "latest": every client has at least the transactions pgbench saw committed
    const userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input: restoreRequestInput.parse({ target: { kind: "latest" } }),
      userId,
      restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
    });
    copies.push({ dataDir: restore!.dataDir, port: restore!.port });
    const job = await waitForJob(w.db, restore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
    expect(job.error).toBeNull();
    const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    const restored = await onCopy(row.port, c.password, (copy) => copy.query(LEDGER_COUNTS).then((r) => r.rows));
    const restoredOf = new Map(restored.map((r: { client: number; n: number }) => [r.client, r.n]));
    for (const [client, n] of committed) expect(restoredOf.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(n);
  }, 900_000);
});
