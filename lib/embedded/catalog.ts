import path from "node:path";
import { migrate } from "@/lib/db/migrate";
import { ensureLocalInstance, type LocalInstance } from "@/lib/embedded/local-instance";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { OsUser } from "@/lib/pg/os-user";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** The embedded catalog: a local instance with a `wayback` database, migrated. */
export async function ensureCatalog(opts: { dataDir: string; port: number; password: string; bins: PgBinaries; osUser?: OsUser }): Promise<{ instance: LocalInstance; databaseUrl: string }> {
  const { instance } = await ensureLocalInstance({ ...opts, dataDir: path.join(opts.dataDir, "catalog") });
  const { rowCount } = await instance.query("postgres", "SELECT 1 FROM pg_database WHERE datname = 'wayback'");
  if (rowCount === 0) await instance.query("postgres", "CREATE DATABASE wayback");
  const databaseUrl = instance.url("wayback");
  await migrate(databaseUrl, MIGRATIONS_DIR);
  return { instance, databaseUrl };
}
