import type { Db, DbClient } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/**
 * The repository a drill restores from: the one asked for, which must be the cluster's primary or
 * one of its copy repositories; none asked for (a scheduled drill), the copy repository the
 * cluster's drills are set to read, else the primary.
 */
export async function drillRepository(db: DbClient, opts: { clusterId: string; requested?: string }): Promise<string | null> {
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: opts.clusterId },
    select: { repositoryId: true, copyRepositories: { select: { repositoryId: true, drillsFrom: true } } },
  });
  const { requested } = opts;
  if (requested === undefined) return cluster.copyRepositories.find((c) => c.drillsFrom)?.repositoryId ?? cluster.repositoryId;
  if (requested === cluster.repositoryId || cluster.copyRepositories.some((c) => c.repositoryId === requested)) return requested;
  const message = "That repository is neither this cluster's primary repository nor one of its copy repositories.";
  throw new AppError("validation_failed", message, { repositoryId: [message] });
}

/** The repositories a drill of the cluster can read, the primary first, and which one drills read when none is asked for. */
export interface DrillRepositoriesView {
  repositories: { repositoryId: string; name: string; kind: "posix" | "s3"; role: "primary" | "copy" }[];
  /** The copy repository scheduled drills read; null: the primary. */
  drillsFrom: string | null;
}

export async function drillRepositories(db: DbClient, clusterId: string): Promise<DrillRepositoriesView> {
  const repository = { select: { id: true, name: true, kind: true } } as const;
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: { repository, copyRepositories: { orderBy: { createdAt: "asc" }, select: { drillsFrom: true, repository } } },
  });
  if (!cluster) throw notFound("The cluster");
  const view = (r: { id: string; name: string; kind: "posix" | "s3" }, role: "primary" | "copy") => ({
    repositoryId: r.id,
    name: r.name,
    kind: r.kind,
    role,
  });
  return {
    repositories: [
      ...(cluster.repository ? [view(cluster.repository, "primary")] : []),
      ...cluster.copyRepositories.map((c) => view(c.repository, "copy")),
    ],
    drillsFrom: cluster.copyRepositories.find((c) => c.drillsFrom)?.repository.id ?? null,
  };
}

/**
 * Sets the copy repository the cluster's drills read when none is asked for (scheduled drills),
 * or back to the primary (null): one copy at most, so the others are cleared in the same step.
 */
export async function setDrillsFrom(db: Db, opts: { clusterId: string; repositoryId: string | null }): Promise<DrillRepositoriesView> {
  const { clusterId, repositoryId } = opts;
  return db.$transaction(async (tx) => {
    const view = await drillRepositories(tx, clusterId);
    if (repositoryId !== null && !view.repositories.some((r) => r.repositoryId === repositoryId && r.role === "copy")) {
      const message = "Choose one of this cluster's copy repositories, or none for the primary.";
      throw new AppError("validation_failed", message, { repositoryId: [message] });
    }
    await tx.clusterCopyRepository.updateMany({ where: { clusterId, drillsFrom: true }, data: { drillsFrom: false } });
    if (repositoryId !== null) {
      await tx.clusterCopyRepository.update({ where: { clusterId_repositoryId: { clusterId, repositoryId } }, data: { drillsFrom: true } });
    }
    return { ...view, drillsFrom: repositoryId };
  });
}
