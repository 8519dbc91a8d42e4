// A worker and its reaper both killed (SIGKILL) while a program runs: the program is orphaned
// until the next worker on the host starts, whose start-up sweep ends it before taking jobs.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpBody } from "@/lib/domain/dump-input";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { findProcesses } from "@/test/harness/processes";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { waitForJob } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const { start: startWorkerProcess, queue } = useWorkerProcesses(cat, keyHex);

const killed = (child: ReturnType<typeof startWorkerProcess>) => new Promise((r) => child.once("exit", r));

describe("the start-up sweep", () => {
  it("ends a program left running by a worker whose reaper died with it", async () => {
    const c = source();
    await pgbenchInit(c, 1);
    const repo = await createTestRepository(cat.db);
    const clusterId = await registerTestCluster(cat.db, {
      secretKey: Buffer.from(keyHex, "hex"),
      source: c,
      name: "sweep",
      repositoryId: repo.id,
    });
    // pg_dump waits for this lock at its LOCK TABLE: it surely runs while the workers are killed.
    const holder = new pg.Client({ host: c.host, port: c.port, user: c.superuser, password: c.password, database: "postgres" });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE pgbench_accounts IN ACCESS EXCLUSIVE MODE");
      const first = startWorkerProcess();
      const dump = await requestDump(cat.db, queue, { clusterId, input: requestDumpBody.parse({ database: "postgres" }) });
      const pgDumps = () => findProcesses((argv) => path.basename(argv[0]!) === "pg_dump" && argv.includes(String(c.port)));
      const [orphan] = await until("pg_dump to run", async () => {
        const found = await pgDumps();
        return found.length > 0 && found;
      });
      await until(
        "pg_dump to wait for the lock",
        async () =>
          (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE%'"))
            .rows[0].n > 0,
      );

      // The reaper first, so nothing ends pg_dump when the worker dies.
      const spool = `wayback-spool-${keyHex.slice(0, 12)}`;
      const reapers = await findProcesses((argv) => argv.some((a) => a.endsWith("reaper.mjs")) && argv.some((a) => a.includes(spool)));
      expect(reapers).toHaveLength(1);
      // Plain JavaScript: node without the tsx loader (half the memory).
      expect(reapers[0]!.argv.filter((a) => a.includes("tsx"))).toEqual([]);
      process.kill(reapers[0]!.pid, "SIGKILL");
      await until(
        "the reaper to die",
        async () =>
          (await findProcesses((argv) => argv.some((a) => a.includes(spool)) && argv.some((a) => a.endsWith("reaper.mjs")))).length === 0,
      );
      first.kill("SIGKILL");
      await killed(first);
      expect(
        (await pgDumps()).map((p) => p.pid),
        "pg_dump outlived its worker and reaper",
      ).toEqual([orphan!.pid]);

      const output: string[] = [];
      startWorkerProcess({ output: (text) => output.push(text) });
      await until("the next worker to end the orphan", async () => !(await pgDumps()).some((p) => p.pid === orphan!.pid), 60_000);
      await until("the sweep to be logged", async () => output.join("").includes("ended programs left running by a stopped worker"));
      await holder.query("ROLLBACK");
      // The job itself is retried by the new worker and succeeds once the lock is gone.
      const done = await waitForJob(cat.db, dump.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
      expect(done.error).toBeNull();
    } finally {
      await holder.end();
    }
  });
});
