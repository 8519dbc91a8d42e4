// The catalog for an admin command run by hand: DATABASE_URL when set, otherwise the embedded
// catalog in the data directory — started for the occasion when `npm start` is not running it,
// and stopped again by close().
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { resolveCatalogUser } from "@/lib/embedded/catalog-user";
import { loadOrCreateState } from "@/lib/embedded/state";
import { createPgBinaries } from "@/lib/pg/binaries";
import { isRunning, stopInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";

export async function openCatalog(dataDir: string, log: (m: string) => void): Promise<{ databaseUrl: string; close: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { databaseUrl: process.env.DATABASE_URL, close: async () => undefined };
  if (!existsSync(path.join(dataDir, "state.json")) || !existsSync(path.join(dataDir, "catalog", "PG_VERSION"))) {
    throw new Error(
      `There is no embedded catalog in ${dataDir}. Start Wayback once (npm start), set WAYBACK_DATA_DIR to where it keeps its data, or set DATABASE_URL.`,
    );
  }
  const state = await loadOrCreateState(dataDir);
  const bins = createPgBinaries({ root: process.env.WAYBACK_PG_BIN_ROOT, binDir: process.env.WAYBACK_PG_BIN_DIR });
  const servers = await resolveServerUser(process.env.WAYBACK_PG_OS_USER ?? "postgres");
  const osUser = await resolveCatalogUser(process.env.WAYBACK_CATALOG_OS_USER, servers);
  const spec = { dataDir: path.join(dataDir, "catalog"), port: state.catalog.port, bins, osUser };
  const wasRunning = await isRunning(spec);
  if (!wasRunning) log(`starting the catalog (PostgreSQL on 127.0.0.1:${spec.port}) for this change`);
  const { databaseUrl } = await ensureCatalog({ dataDir, ...state.catalog, bins, osUser });
  return { databaseUrl, close: async () => (wasRunning ? undefined : stopInstance(spec, "fast")) };
}
