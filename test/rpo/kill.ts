import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { TestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";
import { processAlive } from "@/lib/pg/os-user";

/**
 * The lost server: kill -9 of the postmaster (no shutdown checkpoint, no last WAL switch), then its
 * data directory removed, pg_wal and all. Only what already reached the repository survives.
 */
export async function killAndWipe(c: TestCluster): Promise<void> {
  const pid = Number((await readFile(path.join(c.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  process.kill(pid, "SIGKILL");
  await until("the postmaster to be gone", async () => !processAlive(pid), 30_000);
  await rm(c.dataDir, { recursive: true, force: true });
}
