import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { resolveCatalogUser } from "@/lib/embedded/catalog-user";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { testServerUser } from "@/test/harness/cluster";

export interface TestCatalog {
  db: Db;
  databaseUrl: string;
  /** The same database as the CLI's restricted role sees it (docs/decisions/0011). */
  cliDatabaseUrl: string;
  redisUrl: string;
  cli: { command: string; configFile: string };
}

let current: TestCatalog | undefined;

/**
 * This test file's own catalog: a copy of the run's migrated catalog (global-setup.ts), made with
 * CREATE DATABASE … TEMPLATE before the file's tests and dropped after. Files never see each
 * other's clusters, so one file's workers (and their archive supervisor) never act on another's.
 * The CLI config that restore_command uses points at this copy too.
 */
export function useCatalog(): TestCatalog {
  if (current) return current;
  const template = new URL(inject("databaseUrl"));
  const name = `t_${randomBytes(6).toString("hex")}`;
  const url = new URL(template);
  url.pathname = `/${name}`;
  const admin = new URL(inject("catalogAdminUrl"));
  const cliUrl = new URL(inject("cliDatabaseUrl"));
  cliUrl.pathname = `/${name}`;
  const configFile = path.join(os.tmpdir(), `wayback-cli-${name}.conf`);
  const db = createDb(url.toString());

  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    await run(`CREATE DATABASE ${name} OWNER ${template.username} TEMPLATE ${template.pathname.slice(1)}`);
    await writeCliConfig(configFile, cliUrl.toString(), await testServerUser());
  });
  afterAll(async () => {
    await db.$disconnect();
    await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await fs.rm(configFile, { force: true });
  });
  current = {
    db,
    databaseUrl: url.toString(),
    cliDatabaseUrl: cliUrl.toString(),
    redisUrl: inject("redisUrl"),
    cli: { command: inject("cliCommand"), configFile },
  };
  return current;
}

/** The OS user the embedded catalog runs as in tests, as in npm start (WAYBACK_CATALOG_OS_USER). */
export async function testCatalogUser(): ReturnType<typeof resolveCatalogUser> {
  return resolveCatalogUser(process.env.WAYBACK_CATALOG_OS_USER, await testServerUser());
}

/** Names unique to one test. */
export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
