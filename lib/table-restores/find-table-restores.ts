import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentTableRestore, type TableRestoreView } from "@/lib/table-restores/table-restore-view";

const related = { cluster: { select: { name: true } }, requestedBy: { select: { username: true } }, job: true } as const;

export async function listTableRestores(db: Db, opts: { clusterId: string; limit: number }): Promise<TableRestoreView[]> {
  const rows = await db.tableRestore.findMany({
    where: { clusterId: opts.clusterId },
    include: related,
    orderBy: { createdAt: "desc" },
    take: opts.limit,
  });
  return rows.map(presentTableRestore);
}

/** One table restore of the cluster (a restore of another cluster is not found through this one). */
export async function getTableRestore(db: Db, opts: { clusterId: string; id: string }): Promise<TableRestoreView> {
  const row = await db.tableRestore.findUnique({ where: { id: opts.id }, include: related });
  if (!row || row.clusterId !== opts.clusterId) throw notFound("The table restore");
  return presentTableRestore(row);
}
