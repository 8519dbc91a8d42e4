// A worker killed (SIGKILL) while it holds decrypted plaintext of an encrypted repository in its
// scratch space (verification materialises the backup there): its reaper removes that plaintext,
// and a worker starting later removes what a worker whose reaper died too left behind. Real
// worker processes, a real cluster and backup; nothing is mocked.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { scratchDirsOf } from "@/lib/storage/staging-dirs";
import { requestVerification } from "@/lib/verification/request-verification";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { waitForJob, workerEnv } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const secretKey = Buffer.from(keyHex, "hex");
// A lock long enough for a busy machine (see test/backups/crash.int.test.ts); a supervisor, for the receiver.
const extraEnv = { WAYBACK_JOB_LOCK_MS: "15000", WAYBACK_SUPERVISE_MS: "500" };
const { start, queue } = useWorkerProcesses(cat, keyHex, extraEnv);
const decrypted = scratchDirsOf(workerEnv(cat, keyHex, extraEnv).WAYBACK_SPOOL_DIR!).decrypted;

let clusterId: string;
beforeAll(async () => {
  await pgbenchInit(source(), 10);
  const repo = await createTestRepository(cat.db, { encryptWith: secretKey });
  // Uncompressed, so that the materialised copy is ~150 MB of plaintext and is surely there when looked for.
  clusterId = await registerTestCluster(cat.db, {
    secretKey,
    source: source(),
    name: "sweep",
    repositoryId: repo.id,
    input: { compression: "none" },
  });
});

/** Files under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("decrypted scratch of a dead worker", () => {
  it("is removed by the killed worker's reaper, and a dead worker's leftovers by the next worker's start", async () => {
    const first = start();
    await until(
      "the receiver to stream",
      () => cat.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
      300_000,
    );
    const backup = await requestBackup(cat.db, queue, clusterId);
    expect((await waitForJob(cat.db, backup.id, (j) => j.status !== "running" && j.status !== "queued")).error).toBeNull();

    const own = path.join(decrypted, `${first.pid}-`);
    const job = await requestVerification(cat.db, queue, clusterId);
    const plaintext = await until("verification to materialise the backup's plaintext", async () => {
      const files = (await filesUnder(decrypted)).filter((f) => path.join(decrypted, f).startsWith(own) && f.includes("materialise-"));
      return files.length > 0 && files;
    });
    expect(plaintext.some((f) => f.endsWith(".tar"))).toBe(true);

    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    await until("the reaper to remove the dead worker's scratch", async () => (await filesUnder(decrypted)).length === 0);
    expect(await fs.readdir(decrypted)).toEqual([]);
    expect((await cat.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).not.toBe("succeeded");

    // A worker whose reaper died with it (here: a pid that cannot be running) left plaintext behind.
    const leftover = path.join(decrypted, "4194304-1", "materialise-abcdef");
    await fs.mkdir(leftover, { recursive: true });
    await fs.writeFile(path.join(leftover, "base.tar"), "plaintext");
    const second = start();
    await until("the next worker's start-up sweep to remove it", async () => (await fs.readdir(decrypted)).length === 0);
    // The live worker finishes the verification its predecessor died in; its own scratch is released.
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done.error).toBeNull();
    expect(await filesUnder(decrypted)).toEqual([]);
    second.kill("SIGTERM");
  }, 900_000);
});
