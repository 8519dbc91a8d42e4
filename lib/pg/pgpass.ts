import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface PgPassEntry {
  host: string;
  port: number;
  database?: string;
  user: string;
  password: string;
}

// In a .pgpass line, ':' and '\' inside a field are escaped with '\'.
const field = (v: string) => v.replace(/\\/g, "\\\\").replace(/:/g, "\\:");

/**
 * Gives a PostgreSQL tool its password through a 0600 PGPASSFILE that is removed afterwards: a
 * password on the command line or in PGPASSWORD is visible to other users (ps, /proc).
 */
export async function withPgPass<T>(entries: PgPassEntry[], use: (env: { PGPASSFILE: string }) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-pgpass-"));
  const file = path.join(dir, randomBytes(6).toString("hex"));
  try {
    const lines = entries.map((e) => [e.host, String(e.port), e.database ?? "*", e.user, e.password].map(field).join(":"));
    await fs.writeFile(file, lines.join("\n") + "\n", { mode: 0o600 });
    return await use({ PGPASSFILE: file });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
