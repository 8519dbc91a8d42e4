import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentRestore, type RestoreView } from "@/lib/restores/restore-view";

const related = { cluster: { select: { name: true } }, requestedBy: { select: { username: true } }, job: true } as const;

export async function listRestores(db: Db, opts: { clusterId?: string; limit: number }): Promise<RestoreView[]> {
  const rows = await db.restore.findMany({
    where: { clusterId: opts.clusterId },
    include: related,
    orderBy: { createdAt: "desc" },
    take: opts.limit,
  });
  return rows.map(presentRestore);
}

export async function getRestore(db: Db, id: string): Promise<RestoreView> {
  const row = await db.restore.findUnique({ where: { id }, include: related });
  if (!row) throw notFound("The restore");
  return presentRestore(row);
}
