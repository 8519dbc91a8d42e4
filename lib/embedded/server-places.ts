import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { embeddedPlaces, firstUntraversable, type EmbeddedPlaces, type PathEntry } from "@/lib/domain/server-reach";
import type { OsUser } from "@/lib/pg/os-user";

export interface ResolvedPlaces extends EmbeddedPlaces {
  /** The directory that keeps the server user out of the checkout, when one does. */
  blockedBy?: string;
}

/**
 * Where `npm start` and the tests put what PostgreSQL servers run or read (the embedded data
 * directory, the CLI), for the checkout at `checkout`: inside it when the server OS user can
 * reach its bin/ directory, else under /var/lib/wayback (lib/domain/server-reach.ts).
 */
export async function resolveEmbeddedPlaces(checkout: string, osUser: OsUser | undefined): Promise<ResolvedPlaces> {
  const blocked = osUser ? firstUntraversable(await ancestry(path.join(checkout, "bin")), osUser) : undefined;
  const checkoutId = createHash("sha256").update(checkout).digest("hex").slice(0, 12);
  return { ...embeddedPlaces(checkout, { reachable: !blocked, checkoutId }), ...(blocked ? { blockedBy: blocked.path } : {}) };
}

/** `dir` and each of its ancestors up to /, as the traversal check needs them. */
export async function ancestry(dir: string): Promise<PathEntry[]> {
  const entries: PathEntry[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    const st = await stat(p);
    entries.push({ path: p, mode: st.mode, uid: st.uid, gid: st.gid });
    if (p === path.dirname(p)) return entries;
  }
}
