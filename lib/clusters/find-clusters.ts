import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors/app-error";
import { presentCluster, type ClusterView } from "@/lib/clusters/cluster-view";

// The newest check and the newest unfinished check job are all a cluster view needs.
const withLatest = {
  checks: { orderBy: { checkedAt: "desc" }, take: 1 },
  jobs: { where: { type: "cluster.check", status: { in: ["queued", "running"] } }, orderBy: { queuedAt: "desc" }, take: 1 },
  backups: { where: { status: "complete" }, orderBy: { finishedAt: "desc" }, take: 1, select: { finishedAt: true } },
  // The newest sample says which database host is primary now.
  monitorSamples: { orderBy: { takenAt: "desc" }, take: 1, select: { takenAt: true, databaseHosts: true } },
  // A synchronous receiver that is down is on the readiness list (commits wait for it).
  walReceiver: { select: { state: true } },
} satisfies Prisma.ClusterInclude;

export async function listClusters(db: Db): Promise<ClusterView[]> {
  const rows = await db.cluster.findMany({ include: withLatest, orderBy: { name: "asc" } });
  return rows.map(presentCluster);
}

export async function getCluster(db: Db, id: string): Promise<ClusterView> {
  const row = await db.cluster.findUnique({ where: { id }, include: withLatest });
  if (!row) throw notFound("The cluster");
  return presentCluster(row);
}
