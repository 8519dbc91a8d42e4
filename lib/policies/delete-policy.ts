import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/** Removes a policy no cluster uses (a cluster in use would silently lose its schedules). */
export async function deletePolicy(db: Db, id: string): Promise<void> {
  const policy = await db.policy.findUnique({ where: { id }, include: { clusters: { select: { name: true } } } });
  if (!policy) throw notFound("The policy");
  if (policy.clusters.length > 0) {
    throw new AppError(
      "conflict",
      `Policy "${policy.name}" is used by ${policy.clusters.map((c) => c.name).join(", ")}: give them another policy (or none) first.`,
    );
  }
  await db.policy.delete({ where: { id } });
}
