import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { PgBinaries } from "@/lib/pg/binaries";
import { initInstance, isRunning, startInstance, type InstanceSpec, type Settings } from "@/lib/pg/instance";
import type { OsUser } from "@/lib/pg/os-user";

export interface LocalInstance {
  spec: InstanceSpec;
  password: string;
  url(database: string): string;
  /** Runs SQL as the superuser; for setting the instance up, never with user input spliced in. */
  query(database: string, sql: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/** An instance the embedded default owns: created on first use, started if stopped. */
export async function ensureLocalInstance(opts: {
  dataDir: string;
  port: number;
  password: string;
  bins: PgBinaries;
  osUser?: OsUser;
  settings?: Settings;
}): Promise<{ instance: LocalInstance; created: boolean }> {
  const spec: InstanceSpec = { dataDir: opts.dataDir, port: opts.port, bins: opts.bins, osUser: opts.osUser };
  const created = !(await exists(path.join(opts.dataDir, "PG_VERSION")));
  if (created) {
    await fs.rm(opts.dataDir, { recursive: true, force: true });
    await initInstance(spec, { superuserPassword: opts.password, hba: "scram", settings: opts.settings, dataChecksums: true });
  }
  if (!(await isRunning(spec))) await startInstance(spec);
  const url = (database: string) => `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  const query = async (database: string, sql: string, params?: unknown[]) => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  return { instance: { spec, password: opts.password, url, query }, created };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
