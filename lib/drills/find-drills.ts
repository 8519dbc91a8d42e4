import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentDrill, type DrillView } from "@/lib/drills/drill-view";

const related = {
  cluster: { select: { name: true } },
  requestedBy: { select: { username: true } },
  job: true,
  repository: { select: { id: true, name: true } },
} as const;

export async function listDrills(db: Db, opts: { clusterId: string; limit: number }): Promise<DrillView[]> {
  const rows = await db.drill.findMany({
    where: { clusterId: opts.clusterId },
    include: related,
    orderBy: { createdAt: "desc" },
    take: opts.limit,
  });
  return rows.map(presentDrill);
}

export async function getDrill(db: Db, id: string): Promise<DrillView> {
  const row = await db.drill.findUnique({ where: { id }, include: related });
  if (!row) throw notFound("The drill");
  return presentDrill(row);
}
