import path from "node:path";
import { resolveEmbeddedPlaces } from "@/lib/embedded/server-places";
import { resolveServerUser } from "@/lib/pg/os-user";

/**
 * The embedded default's data directory: WAYBACK_DATA_DIR (relative to the checkout), else
 * .wayback in the checkout — or /var/lib/wayback/<checkout hash> when PostgreSQL's OS user cannot
 * reach the checkout (a clone under /root), said in the log so nobody looks for it in .wayback.
 */
export async function resolveDataDir(root: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<string> {
  if (env.WAYBACK_DATA_DIR) return path.resolve(root, env.WAYBACK_DATA_DIR);
  const places = await resolveEmbeddedPlaces(root, await resolveServerUser(env.WAYBACK_PG_OS_USER ?? "postgres"));
  if (places.blockedBy) {
    log(`PostgreSQL's OS user cannot enter ${places.blockedBy}, so the data directory is ${places.dataDir} and the CLI servers run is in ${places.cliDir} (set WAYBACK_DATA_DIR to choose another place)`);
  }
  return places.dataDir;
}
