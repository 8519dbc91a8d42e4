import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildCli } from "@/scripts/build-cli";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { redisUrl, startRedisServer, stopRedisServer } from "@/lib/embedded/redis-server";
import { createPgBinaries } from "@/lib/pg/binaries";
import { freePort } from "@/lib/pg/free-port";
import { stopInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    cliCommand: string;
    cliConfig: string;
  }
}

/**
 * One real catalog (PostgreSQL, migrated by the project's runner) and one real Redis for the
 * whole integration run, in a temporary directory removed afterwards. Each test makes its own data.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-int-"));
  await fs.chmod(dir, 0o755);
  const bins = createPgBinaries({ root: process.env.WAYBACK_PG_BIN_ROOT });
  const osUser = await resolveServerUser(process.env.WAYBACK_PG_OS_USER ?? "postgres");
  const catalog = await ensureCatalog({ dataDir: dir, port: await freePort(), password: "catalog-test", bins, osUser });
  const redis = { dir: path.join(dir, "redis"), port: await freePort(), password: "redis-test" };
  await startRedisServer(redis);

  project.provide("databaseUrl", catalog.databaseUrl);
  project.provide("redisUrl", redisUrl(redis));
  // The CLI PostgreSQL servers call (restore_command in restores), as npm start sets it up.
  const bundle = await buildCli();
  project.provide("cliCommand", `${process.execPath} ${bundle}`);
  project.provide("cliConfig", await writeCliConfig(dir, catalog.databaseUrl, osUser));

  return async () => {
    await stopRedisServer(redis);
    await stopInstance(catalog.instance.spec, "immediate");
    await fs.rm(dir, { recursive: true, force: true });
  };
}
