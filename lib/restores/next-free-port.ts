import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { isPortFree } from "@/lib/pg/free-port";
import { UserFacingError } from "@/lib/restores/user-facing-error";

/**
 * Restores whose directory and port stay taken: a complete restore keeps its server running
 * until discarded, and a failed one whose worker died before removing its copy holds it too.
 */
export const HOLDING_RESTORES = {
  OR: [{ status: { in: ["queued", "running", "paused", "complete"] } }, { instanceMadeAt: { not: null } }],
} satisfies Prisma.RestoreWhereInput;

/** The next port of the restore range, after `from`, that no restore, running drill or dump restore's instance holds and nothing listens on. */
export async function nextFreeRestorePort(db: DbClient, range: { from: number; to: number }, from: number): Promise<number> {
  const [restores, drills, dumpRestores] = await Promise.all([
    db.restore.findMany({ where: HOLDING_RESTORES, select: { port: true } }),
    db.drill.findMany({ where: { status: "running", port: { not: null } }, select: { port: true } }),
    db.dumpRestore.findMany({ where: { instancePort: { not: null }, discardedAt: null }, select: { instancePort: true } }),
  ]);
  const held = new Set([...restores, ...drills].map((r) => r.port));
  for (const d of dumpRestores) held.add(d.instancePort);
  // The ports after `from` first, then the rest of the range.
  const size = range.to - range.from + 1;
  const start = from >= range.from && from <= range.to ? from - range.from + 1 : 0;
  for (let i = 0; i < size; i++) {
    const port = range.from + ((start + i) % size);
    if (port !== from && !held.has(port) && (await isPortFree(port))) return port;
  }
  throw new UserFacingError(`No free port from ${range.from} to ${range.to} on the worker's host: discard a restored copy or widen WAYBACK_RESTORE_PORTS.`);
}
