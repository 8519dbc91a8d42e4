import { createHash } from "node:crypto";
import path from "node:path";
import { embeddedPlaces, firstUntraversable, type EmbeddedPlaces } from "@/lib/domain/server-reach";
import { ancestry } from "@/lib/pg/path-ancestry";
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
