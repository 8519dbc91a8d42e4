import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Db, DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { portsToTry, type PortRange } from "@/lib/domain/port-range";
import { AppError } from "@/lib/errors/app-error";
import { isPortFree } from "@/lib/pg/free-port";
import type { PortFallback } from "@/lib/pg/start-instance-with-port-fallback";

/**
 * Restores whose directory and port stay taken: a complete restore keeps its server running
 * until discarded, and a failed one whose worker died before removing its copy holds it too.
 */
export const HOLDING_RESTORES = {
  OR: [{ status: { in: ["queued", "running", "paused", "complete"] } }, { instanceMadeAt: { not: null } }],
} satisfies Prisma.RestoreWhereInput;

/**
 * Runs `fn` holding the lock under which every local instance Wayback makes (a restore's new
 * instance, a drill's copy, a dump restore's) chooses its directory and port: what `fn` picks and
 * records on its row is seen by the next one, so two never get the same.
 */
export function withInstancePlaceLock<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.instancePlaces());
    return fn(tx);
  });
}

/**
 * The one way a local instance gets a port: the first of WAYBACK_RESTORE_PORTS (after `after`, the
 * port just found taken, when given) that no restore, running drill or dump restore's instance
 * holds in the catalog and nothing listens on here. Call it inside withInstancePlaceLock and
 * record the port before the lock goes.
 */
export async function pickInstancePort(db: DbClient, ports: PortRange, after?: number): Promise<number> {
  const held = await instancePortsInUse(db);
  for (const port of portsToTry(ports, after)) {
    if (!held.has(port) && (await isPortFree(port))) return port;
  }
  throw new AppError(
    "conflict",
    `No free port from ${ports.from} to ${ports.to}: discard a restored copy or a dump restore's instance, or widen WAYBACK_RESTORE_PORTS.`,
  );
}

async function instancePortsInUse(db: DbClient): Promise<Set<number>> {
  const [restores, drills, dumpRestores, tableRestores] = await Promise.all([
    db.restore.findMany({ where: HOLDING_RESTORES, select: { port: true } }),
    db.drill.findMany({ where: { status: "running", port: { not: null } }, select: { port: true } }),
    db.dumpRestore.findMany({ where: { instancePort: { not: null }, discardedAt: null }, select: { instancePort: true } }),
    // A table restore's throwaway copy, until its clean-up says it is gone.
    db.tableRestore.findMany({ where: { port: { not: null }, cleanedUpAt: null }, select: { port: true } }),
  ]);
  return new Set(
    [
      ...restores.map((r) => r.port),
      ...drills.map((d) => d.port),
      ...dumpRestores.map((d) => d.instancePort),
      ...tableRestores.map((t) => t.port),
    ].filter((p): p is number => p !== null),
  );
}

interface PortMove {
  ports: PortRange;
  /** Records the new port on the instance's row, in the locked transaction. */
  record: (tx: DbClient, port: number) => Promise<void>;
}

/** Moves a local instance off the port `taken`: the next free one, picked and recorded under the lock. */
export function moveInstancePort(db: Db, move: PortMove, taken: number): Promise<number> {
  return withInstancePlaceLock(db, async (tx) => {
    const port = await pickInstancePort(tx, move.ports, taken);
    await move.record(tx, port);
    return port;
  });
}

/** startInstanceWithPortFallback's moves for a local instance, each told to the job by `log`. */
export function instancePortFallback(db: Db, move: PortMove & { log?: (line: string) => Promise<void> }): PortFallback {
  return {
    nextPort: (taken) => moveInstancePort(db, move, taken),
    onPort: async (port, taken) => {
      await move.log?.(`port ${taken} was taken before PostgreSQL started; using ${port}`);
    },
  };
}
