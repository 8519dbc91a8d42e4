import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { MIGRATIONS_DIR } from "@/lib/embedded/catalog";
import { useCatalog, uniqueName } from "@/test/harness/catalog";

const { databaseUrl } = useCatalog();
// The catalog's owner may not create databases (docs/decisions/0011): the instance's superuser does.
const admin = new pg.Pool({ connectionString: inject("catalogAdminUrl"), max: 1 });
afterAll(() => admin.end());

/** A fresh empty database on the catalog's server, for runs that must start from nothing. */
async function freshDatabase(): Promise<string> {
  const name = uniqueName("migrate").replaceAll("-", "_");
  await admin.query(`CREATE DATABASE ${name} OWNER ${pg.escapeIdentifier(new URL(databaseUrl).username)}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function rows(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migration runner", () => {
  it("applies every migration once and records it as prisma migrate deploy does", async () => {
    const url = await freshDatabase();
    const migrations = await readMigrations(MIGRATIONS_DIR);
    expect(await migrate(url, MIGRATIONS_DIR)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(url, MIGRATIONS_DIR)).toEqual([]);

    const recorded = await rows(
      url,
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, r] of recorded.entries()) {
      expect(r.checksum).toBe(migrations[i]!.checksum);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
    const tables = await rows(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["clusters", "jobs", "users", "sessions", "cluster_checks"]));
  });

  it("checksums the file with CRLF read as LF, like Prisma", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-mig-"));
    try {
      await fs.mkdir(path.join(dir, "20260101000000_a"));
      await fs.writeFile(path.join(dir, "20260101000000_a", "migration.sql"), "SELECT 1;\r\nSELECT 2;\r\n");
      const [crlf] = await readMigrations(dir);
      await fs.writeFile(path.join(dir, "20260101000000_a", "migration.sql"), "SELECT 1;\nSELECT 2;\n");
      const [lf] = await readMigrations(dir);
      expect(crlf!.checksum).toBe(lf!.checksum);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a migration edited after it was applied, and rolls back a failing one leaving it marked", async () => {
    const url = await freshDatabase();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-mig-"));
    try {
      await fs.mkdir(path.join(dir, "20260101000000_a"));
      await fs.writeFile(path.join(dir, "20260101000000_a", "migration.sql"), "CREATE TABLE a (id int);");
      await migrate(url, dir);
      await fs.writeFile(path.join(dir, "20260101000000_a", "migration.sql"), "CREATE TABLE a (id bigint);");
      await expect(migrate(url, dir)).rejects.toThrow(/changed after it was applied/);

      await fs.writeFile(path.join(dir, "20260101000000_a", "migration.sql"), "CREATE TABLE a (id int);");
      await fs.mkdir(path.join(dir, "20260102000000_b"));
      await fs.writeFile(path.join(dir, "20260102000000_b", "migration.sql"), "CREATE TABLE b (id int);\nSELECT no_such_function();");
      await expect(migrate(url, dir)).rejects.toThrow(/20260102000000_b failed/);
      // The failing migration's statements were rolled back together...
      expect(await rows(url, `SELECT to_regclass('public.b') AS t`)).toEqual([{ t: null }]);
      // ...and it stays recorded as unfinished, so nothing runs on top of it until a human looks.
      await expect(migrate(url, dir)).rejects.toThrow(/failed earlier/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
