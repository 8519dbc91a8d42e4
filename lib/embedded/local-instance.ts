import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { PgBinaries } from "@/lib/pg/binaries";
import { initInstance, isRunning, startInstance, stopInstance, type InstanceSpec, type Settings } from "@/lib/pg/instance";
import type { OsUser } from "@/lib/pg/os-user";
import { runProcess } from "@/lib/pg/run-process";
import { withConnection } from "@/lib/pg/with-connection";

export interface LocalInstance {
  spec: InstanceSpec;
  password: string;
  url(database: string): string;
  /** Runs SQL as the superuser; for setting the instance up, never with user input spliced in. */
  query(database: string, sql: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/**
 * An instance the embedded default owns: created on first use, handed to `osUser` when another
 * OS user owns it, started if stopped.
 */
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
  } else {
    await handOver(spec);
  }
  if (!(await isRunning(spec))) await startInstance(spec);
  const url = (database: string) =>
    `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  const query = (database: string, sql: string, params?: unknown[]) =>
    withConnection({ connectionString: url(database) }, (client) => client.query(sql, params));
  return { instance: { spec, password: opts.password, url, query }, created };
}

/**
 * Gives a data directory another OS user owns to spec.osUser: the embedded catalog ran as the
 * servers' user before it had one of its own. A server still running as the old owner is stopped
 * first, as that owner; startInstance then gives the socket directory and the log to the new one.
 */
async function handOver(spec: InstanceSpec): Promise<void> {
  if (!spec.osUser) return;
  const dataDir = path.resolve(spec.dataDir);
  const owner = await fs.stat(dataDir);
  if (owner.uid === spec.osUser.uid) return;
  // No server runs as root, so a directory root owns has none to stop.
  if (owner.uid !== 0) await stopInstance({ ...spec, osUser: { uid: owner.uid, gid: owner.gid } }, "fast");
  // The directory itself last: its owner is what says the hand-over is done, so one cut short is
  // taken up again on the next start.
  const newOwner = `${spec.osUser.uid}:${spec.osUser.gid}`;
  const entries = (await fs.readdir(dataDir)).map((name) => path.join(dataDir, name));
  if (entries.length > 0) await runProcess("chown", ["-R", newOwner, "--", ...entries]);
  await runProcess("chown", [newOwner, "--", dataDir]);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
