// A streaming standby of a test cluster, made as an operator makes one: pg_basebackup -R from the
// primary into a new data directory, started by the project's instance code on a free port. It
// lives in a wayback-test- directory with an owner file, so the global sweep removes it when a
// test process dies without cleanup.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, promoteInstance, setSettings, startInstance, stopInstance, type InstanceSpec } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { testBinaries, testServerUser, type TestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";

export interface TestStandby extends TestCluster {
  /** pg_ctl promote: the standby leaves recovery on a new timeline. */
  promote(): Promise<void>;
}

/** A standby of `primary`, streaming from it (replayed up to the primary's position when returned). */
export async function createTestStandby(primary: TestCluster): Promise<TestStandby> {
  const bins = testBinaries();
  const osUser = await testServerUser();
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), "wayback-test-"));
  await chmod(tmpDir, 0o755);
  await writeFile(path.join(tmpDir, "owner.pid"), String(process.pid));
  const spec: InstanceSpec = { dataDir: path.join(tmpDir, "data"), port: await freePort(), bins, osUser };
  let pool: pg.Pool | null = null;
  const destroy = async () => {
    await pool?.end().catch(() => undefined);
    await destroyInstance(spec);
    await rm(tmpDir, { recursive: true, force: true });
  };
  try {
    // -R writes primary_conninfo (with the password it logged in with) and standby.signal.
    const args = [
      "-h",
      primary.host,
      "-p",
      String(primary.port),
      "-U",
      primary.superuser,
      "-D",
      spec.dataDir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
    ];
    await runProcess(await bins.path("pg_basebackup"), args, { env: { PGPASSWORD: primary.password }, timeoutMs: 120_000 });
    await chmod(spec.dataDir, 0o700);
    if (osUser) await runProcess("chown", ["-R", `${osUser.uid}:${osUser.gid}`, spec.dataDir]);
    await setSettings(spec, {}); // this instance's port and socket in the copied wayback.conf
    await startInstance(spec);
  } catch (err) {
    await destroy();
    throw err;
  }
  const p = new pg.Pool({
    host: "127.0.0.1",
    port: spec.port,
    user: primary.superuser,
    password: primary.password,
    database: "postgres",
    max: 2,
  });
  p.on("error", () => {});
  pool = p;
  const standby: TestStandby = {
    port: spec.port,
    host: "127.0.0.1",
    dataDir: path.resolve(spec.dataDir),
    superuser: primary.superuser,
    password: primary.password,
    spec,
    connectionString: (db = "postgres") =>
      `postgresql://${primary.superuser}:${encodeURIComponent(primary.password)}@127.0.0.1:${spec.port}/${encodeURIComponent(db)}`,
    query: (sql, params) => p.query(sql, params),
    promote: () => promoteInstance(spec),
    destroy,
  };
  await caughtUp(primary, standby);
  return standby;
}

/** Waits until `standby` has replayed everything `primary` has written so far. */
export async function caughtUp(primary: Pick<TestCluster, "query">, standby: Pick<TestCluster, "query">): Promise<void> {
  const { rows } = await primary.query("SELECT pg_current_wal_lsn()::text AS lsn");
  await until("the standby to replay the primary's WAL", async () => {
    const r = await standby.query("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [rows[0].lsn]).catch(() => null);
    return r?.rows[0].done === true;
  });
}

/** Stops a test cluster's server at once without removing it (the old primary after a failover). */
export const stopServer = (c: Pick<TestCluster, "spec">) => stopInstance(c.spec, "immediate");
