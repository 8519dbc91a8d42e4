import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/http/app-error";

export async function deleteCluster(db: Db, id: string): Promise<void> {
  const { count } = await db.cluster.deleteMany({ where: { id } });
  if (count === 0) throw notFound("The cluster");
}
