import type { Db } from "@/lib/db/client";
import type { ListDumpsQuery } from "@/lib/domain/dump-input";
import { notFound } from "@/lib/errors/app-error";
import {
  presentDump,
  presentDumpDetail,
  presentDumpRestore,
  type DumpDetailView,
  type DumpRestoreView,
  type DumpView,
} from "@/lib/dumps/dump-view";

const related = {
  cluster: { select: { name: true } },
  job: true,
  copies: { include: { repository: { select: { name: true } } }, orderBy: { startedAt: "asc" } },
} as const;
const restoreRelated = { targetCluster: { select: { name: true } }, job: true } as const;

/** Dumps newest first, of one cluster or of all; dumps being removed are not listed. */
export async function listDumps(db: Db, q: ListDumpsQuery & { clusterId?: string }): Promise<DumpView[]> {
  const rows = await db.dump.findMany({
    where: { clusterId: q.clusterId, status: q.status, removingAt: null },
    include: related,
    orderBy: { startedAt: "desc" },
    take: q.limit,
  });
  return rows.map(presentDump);
}

export async function getDump(db: Db, id: string): Promise<DumpDetailView> {
  const row = await db.dump.findUnique({
    where: { id },
    include: { ...related, files: { orderBy: { name: "asc" } }, restores: { include: restoreRelated, orderBy: { createdAt: "desc" } } },
  });
  if (!row) throw notFound("The dump");
  return presentDumpDetail(row);
}

export async function getDumpRestore(db: Db, id: string): Promise<DumpRestoreView> {
  const row = await db.dumpRestore.findUnique({ where: { id }, include: restoreRelated });
  if (!row) throw notFound("The dump restore");
  return presentDumpRestore(row);
}
