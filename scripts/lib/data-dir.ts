import path from "node:path";
import { resolveEmbeddedPlaces, type ResolvedPlaces } from "@/lib/embedded/server-places";
import { resolveServerUser } from "@/lib/pg/os-user";

/**
 * The embedded default's data directory: WAYBACK_DATA_DIR (relative to the checkout), else
 * .wayback in the checkout — or /var/lib/wayback/<checkout hash> when PostgreSQL's OS user cannot
 * reach the checkout (a clone under /root), said in the log so nobody looks for it in .wayback.
 */
export async function resolveDataDir(root: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<string> {
  const places = await checkoutPlaces(root, env);
  const dataDir = env.WAYBACK_DATA_DIR ? path.resolve(root, env.WAYBACK_DATA_DIR) : places.dataDir;
  if (places.blockedBy) {
    const where = env.WAYBACK_DATA_DIR ? "" : ` and the data directory is ${dataDir} (set WAYBACK_DATA_DIR to choose another place)`;
    log(`PostgreSQL's OS user cannot enter ${places.blockedBy}, so the CLI servers run is in ${places.cliDir}${where}`);
  }
  return dataDir;
}

/** Where this checkout's embedded data and CLI go, for the PostgreSQL OS user of `env`. */
export async function checkoutPlaces(root: string, env: NodeJS.ProcessEnv): Promise<ResolvedPlaces> {
  return resolveEmbeddedPlaces(root, await resolveServerUser(env.WAYBACK_PG_OS_USER ?? "postgres"));
}
