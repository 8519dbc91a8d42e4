// The embedded catalog's roles on a real instance: a catalog made before them (owned by the
// bootstrap superuser, migrated by it, run by the servers' OS user) is handed to the owner role and
// to the catalog's own OS user on the next start, and migrated; the CLI role can run its functions
// and nothing else.
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { CATALOG_OWNER, ensureCatalog, MIGRATIONS_DIR } from "@/lib/embedded/catalog";
import { ensureLocalInstance } from "@/lib/embedded/local-instance";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";
import { testCatalogUser } from "@/test/harness/catalog";
import { testBinaries, testServerUser } from "@/test/harness/cluster";

let spec: InstanceSpec | undefined;
const dirs: string[] = [];
afterAll(async () => {
  if (spec) await destroyInstance(spec);
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params?: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

it("hands a catalog the superuser and the servers' OS user made to the owner role and the catalog's OS user, and migrates it; the CLI role only runs its functions", async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-catalog-"));
  dirs.push(dataDir);
  await fs.chmod(dataDir, 0o755);
  const opts = { dataDir, port: await freePort(), password: "catalog-upgrade", bins: testBinaries(), osUser: await testServerUser() };

  // As an earlier version left it: database and objects owned by the superuser, migrated up to
  // the migration before the roles'.
  const { instance } = await ensureLocalInstance({ ...opts, dataDir: path.join(dataDir, "catalog") });
  spec = instance.spec;
  await instance.query("postgres", "CREATE DATABASE wayback");
  const older = path.join(dataDir, "older-migrations");
  dirs.push(older);
  for (const name of (await fs.readdir(MIGRATIONS_DIR)).filter((n) => n < "20261202041100")) {
    await fs.cp(path.join(MIGRATIONS_DIR, name), path.join(older, name), { recursive: true });
  }
  await migrate(instance.url("wayback"), older);

  const catalogUser = await testCatalogUser();
  const catalog = await ensureCatalog({ ...opts, osUser: catalogUser });
  spec = catalog.instance.spec;
  if (catalogUser) {
    // The server left running by the old owner was stopped; the new one runs as the catalog's user.
    const pid = readFileSync(path.join(spec.dataDir, "postmaster.pid"), "utf8").split("\n")[0];
    expect((await fs.stat(`/proc/${pid}`)).uid).toBe(catalogUser.uid);
    for (const file of [spec.dataDir, path.join(spec.dataDir, "global", "pg_control"), `${spec.dataDir}.run`, `${spec.dataDir}.log`]) {
      expect((await fs.stat(file)).uid, file).toBe(catalogUser.uid);
    }
  }
  expect(new URL(catalog.databaseUrl).username).toBe(CATALOG_OWNER);
  const [owner] = await query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
    catalog.databaseUrl,
    "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user",
  );
  expect(owner).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
  const notOwned = await query(
    catalog.databaseUrl,
    `
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('public', 'wayback_cli') AND c.relkind IN ('r', 'S', 'v') AND pg_get_userbyid(c.relowner) <> $1`,
    [CATALOG_OWNER],
  );
  expect(notOwned).toEqual([]);
  const applied = await query<{ migration_name: string }>(
    catalog.databaseUrl,
    `SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '20261202041100%'`,
  );
  expect(applied).toHaveLength(1);

  // The owner runs the application; the CLI role runs its functions and reads nothing.
  await query(
    catalog.databaseUrl,
    "INSERT INTO repositories (id, name, kind, path, updated_at) VALUES (gen_random_uuid(), 'r', 'posix', '/srv/r', now())",
  );
  expect(
    await query(catalog.cliDatabaseUrl, "SELECT * FROM wayback_cli.cluster_repository('00000000-0000-0000-0000-000000000000')"),
  ).toEqual([]);
  await expect(query(catalog.cliDatabaseUrl, "SELECT * FROM repositories")).rejects.toThrow(/permission denied/);

  // A second start changes nothing and still works.
  const again = await ensureCatalog({ ...opts, osUser: catalogUser });
  expect(await query(again.databaseUrl, "SELECT count(*)::int AS n FROM repositories")).toEqual([{ n: 1 }]);
});
