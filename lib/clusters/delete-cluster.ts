import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { assertNameConfirmed } from "@/lib/domain/confirm-name";

/** Forgets a cluster, only when `confirm` is its name (typed by the user). */
export async function deleteCluster(db: Db, opts: { id: string; confirm: string }): Promise<void> {
  const cluster = await db.cluster.findUnique({ where: { id: opts.id }, select: { name: true } });
  if (!cluster) throw notFound("The cluster");
  assertNameConfirmed({ typed: opts.confirm, name: cluster.name, what: "cluster", field: "confirm" });
  // The name in the condition: a rename between the check and the delete deletes nothing.
  const { count } = await db.cluster.deleteMany({ where: { id: opts.id, name: opts.confirm } });
  if (count === 0) throw new AppError("conflict", "The cluster was renamed or removed meanwhile: reload and try again.");
}
