// Shared by the pgBackRest tests: what a stanza on a test cluster needs, and a restored copy's rows.
import { chmod, chown, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { freePort } from "@/lib/pg/free-port";
import { adoptDataDirectory, destroyInstance, reloadInstance, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { testBinaries, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { onCopy } from "@/test/harness/restored-copy";
import { until } from "@/test/harness/until";

/** pgBackRest connects over the socket as the server's OS user: a peer line before the harness's scram ones. */
export async function allowPeerForPostgres(c: TestCluster): Promise<void> {
  const hba = path.join(c.dataDir, "pg_hba.conf");
  await writeFile(hba, `local all postgres peer\n${await readFile(hba, "utf8")}`);
  await reloadInstance(c.spec);
}

/**
 * An empty data directory for a copy under `parent`, restored by `restore`, started to promotion;
 * returns the rows of `marks` it holds and removes the copy.
 */
export async function restoredMarks(parent: string, password: string, restore: (dataDir: string) => Promise<void>): Promise<number> {
  const osUser = (await testServerUser())!;
  const copyDir = await mkdtemp(path.join(parent, "copy-"));
  await chmod(copyDir, 0o755);
  const dataDir = path.join(copyDir, "data");
  await mkdir(dataDir, { mode: 0o700 });
  await chown(dataDir, osUser.uid, osUser.gid);
  const spec: InstanceSpec = { dataDir, port: await freePort(), bins: testBinaries(), osUser };
  try {
    await restore(dataDir);
    await adoptDataDirectory(spec, {});
    await startInstance(spec, { timeoutMs: 300_000 });
    const count = await until(
      "the copy promoted",
      () =>
        onCopy(spec.port, password, async (c) => {
          const { rows } = await c.query("SELECT pg_is_in_recovery() AS r, (SELECT count(*) FROM marks)::int AS n");
          return rows[0].r ? null : { n: rows[0].n as number };
        }).catch(() => null),
      300_000,
    );
    return count.n;
  } finally {
    await destroyInstance(spec);
  }
}
