import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { processAlive } from "@/lib/pg/os-user";

export interface PgPassEntry {
  host: string;
  port: number;
  database?: string;
  user: string;
  password: string;
}

const PREFIX = "wayback-pgpass-";

// In a .pgpass line, ':' and '\' inside a field are escaped with '\'.
const field = (v: string) => v.replace(/\\/g, "\\\\").replace(/:/g, "\\:");

/**
 * Gives a PostgreSQL tool its password through a 0600 PGPASSFILE that is removed afterwards: a
 * password on the command line or in PGPASSWORD is visible to other users (ps, /proc).
 */
export async function withPgPass<T>(entries: PgPassEntry[], use: (env: { PGPASSFILE: string }) => Promise<T>): Promise<T> {
  // The pid in the name lets a later process remove what a killed one left (sweepStalePgPass).
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  const file = path.join(dir, randomBytes(6).toString("hex"));
  try {
    const lines = entries.map((e) => [e.host, String(e.port), e.database ?? "*", e.user, e.password].map(field).join(":"));
    await fs.writeFile(file, lines.join("\n") + "\n", { mode: 0o600 });
    return await use({ PGPASSFILE: file });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Removes password files left by Wayback processes that were killed before cleaning up. */
export async function sweepStalePgPass(): Promise<number> {
  let removed = 0;
  for (const name of await fs.readdir(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
    await fs.rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
