import type { Db } from "@/lib/db/client";

/**
 * Whether the cluster's row is gone (DELETE /api/v1/clusters/:id). Work for a removed cluster
 * (its monitor, its receiver, the supervisor's checks) stops quietly instead of failing on the
 * foreign keys of the rows it would write. Asked after a failure, it tells a removal from a fault.
 */
export async function clusterRemoved(db: Db, clusterId: string): Promise<boolean> {
  return (await db.cluster.count({ where: { id: clusterId } })) === 0;
}
