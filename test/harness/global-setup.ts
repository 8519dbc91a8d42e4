import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { installCli } from "@/scripts/build-cli";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { redisUrl, startRedisServer, stopRedisServer } from "@/lib/embedded/redis-server";
import { loadOrCreateState } from "@/lib/embedded/state";
import { createPgBinaries } from "@/lib/pg/binaries";
import { stopInstance } from "@/lib/pg/instance";
import { isRoot, processAlive, resolveServerUser } from "@/lib/pg/os-user";
import { testCatalogUser } from "@/test/harness/catalog";
import { sweepOrphanedTestClusters } from "@/test/harness/cluster";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** The catalog instance's bootstrap superuser, for making and dropping databases. */
    catalogAdminUrl: string;
    /** The CLI's restricted role (docs/decisions/0011). */
    cliDatabaseUrl: string;
    redisUrl: string;
    cliCommand: string;
    cliConfig: string;
    /** The embedded data directory (state.json, catalog/, redis/), laid out as npm start does. */
    embeddedDataDir: string;
  }
}

const PREFIX = "wayback-int-";
const OWNER_FILE = "owner.pid";

/**
 * One real catalog (PostgreSQL, migrated by the project's runner) and one real Redis for the
 * whole integration run, in a temporary directory removed afterwards — also when the run is
 * interrupted, and, failing that, by the next run (services whose owner process is gone).
 */
export default async function setup(project: TestProject) {
  const bins = createPgBinaries({ root: process.env.WAYBACK_PG_BIN_ROOT });
  const osUser = await resolveServerUser(process.env.WAYBACK_PG_OS_USER ?? "postgres");
  // Its own OS user, as npm start runs it: every test meets the real separation from the copies.
  const catalogUser = await testCatalogUser();
  const pgCtl = await bins.path("pg_ctl");
  await sweepOrphans(pgCtl);
  await sweepOrphanedTestClusters();

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), PREFIX));
  await fs.chmod(dir, 0o755);
  await fs.writeFile(path.join(dir, OWNER_FILE), String(process.pid));
  const stopOnExit = () => stopSync(dir, pgCtl);
  process.once("exit", stopOnExit);

  // Ports and passwords in state.json, as npm start keeps them.
  const state = await loadOrCreateState(dir);
  const catalog = await ensureCatalog({ dataDir: dir, ...state.catalog, bins, osUser: catalogUser });
  const redis = { dir: path.join(dir, "redis"), ...state.redis };
  await startRedisServer(redis);

  project.provide("databaseUrl", catalog.databaseUrl);
  project.provide("catalogAdminUrl", catalog.instance.url("postgres"));
  project.provide("cliDatabaseUrl", catalog.cliDatabaseUrl);
  project.provide("redisUrl", redisUrl(redis));
  project.provide("embeddedDataDir", dir);
  // The CLI PostgreSQL servers call (restore_command in restores), as npm start sets it up.
  project.provide("cliCommand", await installCli(osUser));
  project.provide("cliConfig", await writeCliConfig(path.join(dir, "wal.conf"), catalog.cliDatabaseUrl, osUser));

  return async () => {
    process.removeListener("exit", stopOnExit);
    await stopRedisServer(redis);
    await stopInstance(catalog.instance.spec, "immediate");
    await fs.rm(dir, { recursive: true, force: true });
  };
}

/** Services left by a run that died before its teardown (killed, or its output pipe closed). */
async function sweepOrphans(pgCtl: string): Promise<void> {
  for (const name of await fs.readdir(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    const owner = Number(await fs.readFile(path.join(dir, OWNER_FILE), "utf8").catch(() => "NaN"));
    if (Number.isInteger(owner) && processAlive(owner)) continue;
    stopSync(dir, pgCtl);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Synchronous, so it also works from an 'exit' handler. pg_ctl runs as the catalog's owner: a run
 * from before the catalog had an OS user of its own left it to the servers' user.
 */
function stopSync(dir: string, pgCtl: string): void {
  const redisPid = Number(readOr(path.join(dir, "redis", "redis.pid")));
  if (Number.isInteger(redisPid) && redisPid > 0 && processAlive(redisPid)) process.kill(redisPid, "SIGTERM");
  const dataDir = path.join(dir, "catalog");
  if (!readOr(path.join(dataDir, "postmaster.pid"))) return;
  const { uid, gid } = statSync(dataDir);
  try {
    execFileSync(pgCtl, ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"], {
      stdio: "ignore",
      cwd: "/",
      ...(isRoot() ? { uid, gid } : {}),
    });
  } catch {
    // Already stopped, or its data directory is gone: nothing left to stop.
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
