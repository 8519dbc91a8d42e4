import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { createPgBinaries } from "@/lib/pg/binaries";
import { freePort } from "@/lib/pg/free-port";
import { stopInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";

/** A migrated catalog of its own in a temporary directory for `use` (its URL for the bench's own processes), stopped and removed after. */
export async function withThrowawayCatalog<T>(
  name: string,
  log: (m: string) => void,
  use: (db: Db, dir: string, databaseUrl: string) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `wayback-bench-${name}-`));
  await fs.chmod(dir, 0o755);
  log(`${name}: starting a throwaway catalog`);
  const catalog = await ensureCatalog({
    dataDir: dir,
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
    bins: createPgBinaries(),
    osUser: await resolveServerUser("postgres"),
  });
  const db = createDb(catalog.databaseUrl);
  try {
    return await use(db, dir, catalog.databaseUrl);
  } finally {
    await db.$disconnect();
    await stopInstance(catalog.instance.spec, "immediate");
    await fs.rm(dir, { recursive: true, force: true });
  }
}
