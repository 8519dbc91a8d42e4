import type { Db } from "@/lib/db/client";
import type { RestorePoint } from "@/lib/db/generated/client";

export interface RestorePointView {
  name: string;
  lsn: string;
  timeline: number;
  createdAt: string;
}

export const presentRestorePoint = (r: RestorePoint): RestorePointView => ({
  name: r.name,
  lsn: r.lsn,
  timeline: r.timeline,
  createdAt: r.createdAt.toISOString(),
});

export async function listRestorePoints(db: Db, clusterId: string): Promise<RestorePointView[]> {
  return (await db.restorePoint.findMany({ where: { clusterId }, orderBy: { createdAt: "desc" } })).map(presentRestorePoint);
}
