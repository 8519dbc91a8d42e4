import net from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { destroyInstance } from "@/lib/pg/instance";
import { pickInstancePort } from "@/lib/restores/instance-port";
import { requestRestore } from "@/lib/restores/request-restore";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { useWorker } from "@/test/harness/worker";

// Restores, drills and dump restores make local instances on ports of one range: each must skip
// what the others hold.
const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let clusterId: string;
let repoId: string;
let userId: string;

beforeAll(async () => {
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({
    clusterId,
    repo: { id: repoId },
  } = await backedUpCluster(w, source(), "ports"));
});

afterAll(async () => {
  await w.db.dumpRestore.deleteMany({ where: { dump: { clusterId } } });
  await w.db.dump.deleteMany({ where: { clusterId } });
  await w.db.drill.deleteMany({ where: { clusterId } });
});

/** The port a restore into a new instance would be given now. */
async function proposedPort(): Promise<number> {
  const input = restoreRequestInput.parse({ target: { kind: "latest" }, dryRun: true });
  const { plan } = await requestRestore(w.db, w.queue(), {
    clusterId,
    input,
    userId,
    restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
  });
  return plan.port;
}

/** Runs `fn` while something else on this host listens on `port`. */
async function whileListening(port: number, fn: () => Promise<void>): Promise<void> {
  const squatter = net.createServer().listen(port, "127.0.0.1");
  await new Promise((r) => squatter.once("listening", r));
  try {
    await fn();
  } finally {
    squatter.close();
  }
}

describe("the port of a local instance", () => {
  it("a restore is proposed a port no running drill's copy and no dump restore's instance holds", async () => {
    const first = await proposedPort();
    await w.db.drill.create({ data: { clusterId, status: "running", targetKind: "latest", dataDir: "/nonexistent/drill", port: first } });
    const second = await proposedPort();
    expect(second).not.toBe(first);

    const dump = await w.db.dump.create({ data: { clusterId, repositoryId: repoId, database: "postgres", format: "custom" } });
    await w.db.dumpRestore.create({
      data: {
        dumpId: dump.id,
        target: "new_instance",
        targetDatabase: "ports",
        instanceDataDir: "/nonexistent/dump-restore",
        instancePort: second,
      },
    });
    expect([first, second]).not.toContain(await proposedPort());
  });

  it("skips a port something on this host listens on, and says how to get one when the range is full", async () => {
    const ports = w.config().restore.ports;
    const squatted = await pickInstancePort(w.db, ports);
    await whileListening(squatted, async () => {
      expect(await pickInstancePort(w.db, ports)).not.toBe(squatted);
      await expect(pickInstancePort(w.db, { from: squatted, to: squatted })).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/widen WAYBACK_RESTORE_PORTS/),
      });
    });
  });

  it("a restore whose port something on the worker's host holds when the job starts moves to the next free one, recorded and logged", async () => {
    const ports = w.config().restore.ports;
    const held = await pickInstancePort(w.db, ports);
    await whileListening(held, async () => {
      // A port the user chose is taken as given at request time; the worker checks it on its host.
      const input = restoreRequestInput.parse({ target: { kind: "latest" }, destination: { kind: "new_instance", port: held } });
      const { restore } = await requestRestore(w.db, w.queue(), { clusterId, input, userId, restore: { roots: [os.tmpdir()], ports } });
      expect(restore!.port).toBe(held);
      const job = await w.waitForJob(restore!.jobId!, undefined);
      const done = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
      await destroyInstance({ dataDir: done.dataDir, port: done.port, bins: testBinaries(), osUser: await testServerUser() });
      expect(job.error).toBeNull();
      expect(done.port).not.toBe(held);
      expect(done.connectionString).toContain(`:${done.port}/`);
      expect(job.log).toContain(`port ${held} is in use on this host; using ${done.port}`);
    });
  });
});
