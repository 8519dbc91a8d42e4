import type { Db } from "@/lib/db/client";

/** The cluster with its repository, while it asks for streaming archiving; else null. */
export async function streamingCluster(db: Db, clusterId: string) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { repository: true } });
  return cluster?.walMode === "streaming" && cluster.repository ? { ...cluster, repository: cluster.repository } : null;
}
