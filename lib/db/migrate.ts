import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { MIGRATIONS_LOCK_ID } from "@/lib/db/advisory-locks";
import { withConnection } from "@/lib/pg/with-connection";

/**
 * Applies prisma/migrations offline, keeping `_prisma_migrations` exactly as `prisma migrate
 * deploy` does, so the same database and folder work with Prisma's own command wherever its
 * schema engine can be downloaded (docs/decisions/0001-migrations-without-schema-engine.md).
 */

// Prisma's own DDL for its bookkeeping table.
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const raw = await fs.readFile(path.join(dir, name, "migration.sql"), "utf8");
      // Prisma checksums the file with CRLF read as LF, so a Windows checkout matches too.
      const sql = raw.replaceAll("\r\n", "\n");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Applies what is not applied yet; returns the names it applied. */
export async function migrate(databaseUrl: string, dir: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  // Ending the session releases the advisory lock.
  return withConnection({ connectionString: databaseUrl }, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATIONS_LOCK_ID]);
    await client.query(BOOKKEEPING);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`);
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database by hand, then mark it rolled back.`,
      );
    }
    const applied = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
    for (const name of applied.keys()) {
      if (!migrations.some((m) => m.name === name)) {
        throw new Error(`The catalog has migration ${name}, which this version of Wayback does not know: is it older than the catalog?`);
      }
    }
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs).`);
        continue;
      }
      await apply(client, m);
      done.push(m.name);
    }
    return done;
  });
}

async function apply(client: pg.Client, m: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, m.checksum, m.name],
  );
  try {
    await client.query("BEGIN");
    await client.query(m.sql);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String((err as Error).message)]);
    throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
  await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
}
