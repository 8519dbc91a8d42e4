import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { leftByDeadWorker } from "@/lib/jobs/left-by-dead-worker";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";

/**
 * Table restores left queued or running by a worker that died (their job failed, ended or is gone)
 * are failed, and the throwaway copy each recorded is stopped and removed; run as the next table
 * restore starts, as drills and dump restores sweep theirs. Several may run at once, so a row is
 * stale by its job, not by being another's. The schema or database a load had begun in production
 * is left for the user to look at: the copy is Wayback's, production's objects are not removed
 * unasked. Returns the table restores swept.
 */
export async function sweepStaleTableRestores(
  db: Db,
  opts: { exceptJobId: string; instance: Omit<InstanceSpec, "dataDir" | "port"> },
): Promise<string[]> {
  const stale = await db.tableRestore.findMany({
    where: {
      status: { in: ["queued", "running"] },
      ...leftByDeadWorker(opts.exceptJobId),
    } satisfies Prisma.TableRestoreWhereInput,
  });
  for (const t of stale) {
    if (t.dataDir && t.port && !t.cleanedUpAt) await destroyInstance({ ...opts.instance, dataDir: t.dataDir, port: t.port });
    await db.tableRestore.update({
      where: { id: t.id },
      data: {
        status: "failed",
        finishedAt: new Date(),
        cleanedUpAt: new Date(),
        error: interrupted(t.destination, t.destinationName, t.startedAt !== null),
      },
    });
  }
  return stale.map((t) => t.id);
}

/**
 * A retried attempt of the same job finds the copy its dead predecessor recorded: removed before a
 * new one is placed, since the row can only point at one.
 */
export async function removeEarlierAttemptCopy(
  db: Db,
  opts: { id: string; instance: Omit<InstanceSpec, "dataDir" | "port"> },
): Promise<string | null> {
  const t = await db.tableRestore.findUniqueOrThrow({ where: { id: opts.id }, select: { dataDir: true, port: true, cleanedUpAt: true } });
  if (!t.dataDir || !t.port || t.cleanedUpAt) return null;
  await destroyInstance({ ...opts.instance, dataDir: t.dataDir, port: t.port });
  return t.dataDir;
}

function interrupted(destination: string, name: string, started: boolean): string {
  const left = started
    ? ` The ${destination} "${name}" may hold part of the tables if the load had begun: look at it, and drop it when you no longer need it.`
    : "";
  return `The table restore was interrupted (its worker stopped); its throwaway copy was removed by the next table restore.${left}`;
}
