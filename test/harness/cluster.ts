// Real PostgreSQL for integration tests: a fresh instance per call, scram auth with a random
// password (so tests exercise real authentication), removed even when a test fails or the run
// is interrupted. Environment: WAYBACK_PG_BIN_ROOT, WAYBACK_PG_BIN_DIR, WAYBACK_PG_OS_USER.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPgBinaries, type PgBinaries } from "@/lib/pg/binaries";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, setSettings, startInstance, type InstanceSpec, type Settings } from "@/lib/pg/instance";
import { processAlive, resolveServerUser } from "@/lib/pg/os-user";

export interface TestClusterOptions {
  settings?: Settings;
  superuserPassword?: string;
  /** pg_hba.conf lines for replication connections; false builds a server that refuses them. */
  replicationHba?: boolean;
  dataChecksums?: boolean;
}

export interface TestCluster {
  port: number;
  host: "127.0.0.1";
  dataDir: string;
  superuser: "postgres";
  password: string;
  spec: InstanceSpec;
  connectionString(db?: string): string;
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  destroy(): Promise<void>;
}

const TMP_PREFIX = "wayback-test-";
const OWNER_FILE = "owner.pid";
const START_ATTEMPTS = 3;

interface Tracked {
  spec: InstanceSpec;
  pgCtl: string;
  tmpDir: string;
}
const alive = new Set<Tracked>();

export function testBinaries(): PgBinaries {
  return createPgBinaries({
    root: process.env.WAYBACK_PG_BIN_ROOT || "/usr/lib/postgresql",
    binDir: process.env.WAYBACK_PG_BIN_DIR || undefined,
  });
}

export function testServerUser(): ReturnType<typeof resolveServerUser> {
  return resolveServerUser(process.env.WAYBACK_PG_OS_USER || "postgres");
}

export async function createTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  installExitHandlers();
  const bins = testBinaries();
  const osUser = await testServerUser();
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), TMP_PREFIX));
  // mkdtemp makes 0700; the server user must traverse it to reach its data dir.
  await chmod(tmpDir, 0o755);
  await writeFile(path.join(tmpDir, OWNER_FILE), String(process.pid));
  const password = opts.superuserPassword ?? randomBytes(18).toString("base64url");
  const tracked: Tracked = {
    spec: { dataDir: path.join(tmpDir, "data"), port: await freePort(), bins, osUser },
    pgCtl: await bins.path("pg_ctl"),
    tmpDir,
  };
  alive.add(tracked);

  try {
    await initInstance(tracked.spec, {
      superuserPassword: password,
      hba: "scram",
      replication: opts.replicationHba ?? true,
      dataChecksums: opts.dataChecksums,
      noSync: true,
      // Throwaway data: skip fsync so many instances on 2 cores stay fast.
      settings: { fsync: false, ...opts.settings },
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await startInstance(tracked.spec);
        break;
      } catch (err) {
        // freePort() cannot reserve: another test process may have bound the port meanwhile.
        if (attempt >= START_ATTEMPTS || !/already in use/i.test((err as Error).message)) throw err;
        tracked.spec = { ...tracked.spec, port: await freePort() };
        await setSettings(tracked.spec, {});
      }
    }
  } catch (err) {
    await destroyTracked(tracked);
    throw err;
  }

  const { spec } = tracked;
  const pool = new pg.Pool({ host: "127.0.0.1", port: spec.port, user: "postgres", password, database: "postgres", max: 2 });
  // A test that stops or kills the server breaks idle pooled connections; that must not crash
  // the test process through an unhandled 'error' event.
  pool.on("error", () => {});
  let destroyed = false;

  return {
    port: spec.port,
    host: "127.0.0.1",
    dataDir: path.resolve(spec.dataDir),
    superuser: "postgres",
    password,
    spec,
    connectionString: (db = "postgres") =>
      `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${spec.port}/${encodeURIComponent(db)}`,
    query: (sql, params) => pool.query(sql, params),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await pool.end();
      await destroyTracked(tracked);
    },
  };
}

/** One cluster per test file: created in beforeAll, destroyed in afterAll. */
export function useTestCluster(opts?: TestClusterOptions): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await createTestCluster(opts);
  });
  afterAll(async () => {
    await cluster?.destroy();
  });
  return () => {
    if (!cluster) throw new Error("useTestCluster: the cluster exists only inside tests (after beforeAll has run)");
    return cluster;
  };
}

/**
 * Removes clusters left behind by test processes that died without cleanup (SIGKILL, OOM).
 * Meant for a global setup; clusters whose owner process still runs are left alone.
 */
export async function sweepOrphanedTestClusters(): Promise<string[]> {
  const removed: string[] = [];
  const osUser = await testServerUser();
  for (const name of await readdir(os.tmpdir())) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const tmpDir = path.join(os.tmpdir(), name);
    const owner = Number(await readFile(path.join(tmpDir, OWNER_FILE), "utf8").catch(() => "NaN"));
    if (!Number.isInteger(owner) || processAlive(owner)) continue;
    await destroyInstance({ dataDir: path.join(tmpDir, "data"), port: 0, bins: testBinaries(), osUser });
    await rm(tmpDir, { recursive: true, force: true });
    removed.push(tmpDir);
  }
  return removed;
}

async function destroyTracked(tracked: Tracked): Promise<void> {
  await destroyInstance(tracked.spec);
  await rm(tracked.tmpDir, { recursive: true, force: true });
  alive.delete(tracked);
}

// --- cleanup when the process ends without afterAll (crash, Ctrl-C, a hook that threw) ---

let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", stopAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopAllSync();
      // Keep the default behaviour (die by the signal) unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function stopAllSync(): void {
  for (const { spec, pgCtl, tmpDir } of alive) {
    // Best effort while exiting: there is nobody left to report a failure to.
    try {
      execFileSync(pgCtl, ["stop", "-D", path.resolve(spec.dataDir), "-m", "immediate", "-w", "-t", "10", "-s"], {
        uid: spec.osUser?.uid,
        gid: spec.osUser?.gid,
        cwd: "/",
        stdio: "ignore",
        timeout: 15_000,
      });
    } catch {
      /* not running, or already gone */
    }
    try {
      rmSync(tmpDir, { recursive: true, force: true });
    } catch {
      /* an exit handler must not throw */
    }
  }
  alive.clear();
}
