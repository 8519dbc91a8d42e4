import type { DbClient } from "@/lib/db/client";
import type { ActivityQuery } from "@/lib/domain/activity-input";
import { filesNamed, indexNamings, nameAt, type RelationNaming } from "@/lib/domain/relation-names";
import type { StatementKind } from "@/lib/domain/wal-activity";
import type { RelFile } from "@/lib/domain/waldump-output";
import { AppError, notFound } from "@/lib/errors/app-error";

const DEFAULT_WINDOW_MS = 24 * 3_600_000;
// The list shows the largest; a window with more notable transactions than this reads the newest.
const READ_LIMIT = 5_000;
const LIST_LIMIT = 50;

export interface ActivityMinute {
  minute: string;
  inserted: number;
  updated: number;
  deleted: number;
  truncates: number;
  drops: number;
  rewrites: number;
}

export interface ActivityRelation {
  label: string;
  known: boolean;
  /** null: the file was never named (label says so). */
  table: { database: string; schema: string; name: string } | null;
  inserted: number;
  updated: number;
  deleted: number;
  event: string | null;
}

export interface ActivityTransaction {
  xid: string;
  timeline: number;
  endedAt: string;
  endLsn: string;
  /** The most destructive thing it did: drop, truncate, rewrite, delete or update. */
  kind: StatementKind;
  kinds: StatementKind[];
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  relations: ActivityRelation[];
}

export interface ActivityView {
  from: string;
  to: string;
  table: string | null;
  minutes: ActivityMinute[];
  transactions: ActivityTransaction[];
  /** Every table name the cluster's relation map has had, for the filter. */
  tables: string[];
}

/** What happened in a cluster's WAL over a window: per-minute totals and the largest destructive transactions. */
export async function getActivity(db: DbClient, opts: { clusterId: string; query: ActivityQuery }): Promise<ActivityView> {
  const { clusterId, query } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) throw notFound("The cluster");

  const history: RelationNaming[] = (await db.relationName.findMany({ where: { clusterId } })).map((n) => ({
    ...n,
    databaseOid: Number(n.databaseOid),
    relfilenode: Number(n.relfilenode),
    relationOid: Number(n.relationOid),
  }));
  const index = indexNamings(history);
  const files = query.table ? filesNamed(history, query.table) : null;
  if (files?.length === 0) {
    throw new AppError("not_found", `No table named "${query.table}" was seen in this cluster; pick one of the names the filter lists.`);
  }

  const to = query.to ?? (await newestActivity(db, clusterId)) ?? new Date();
  const from = query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  const fileWhere = files ? { OR: files.map(fileKey) } : {};

  const minutes = await db.walActivityMinute.groupBy({
    by: ["minute"],
    where: { clusterId, minute: { gte: from, lte: to }, ...fileWhere },
    _sum: { inserted: true, updated: true, deleted: true, truncates: true, drops: true, rewrites: true },
    orderBy: { minute: "asc" },
  });

  const rows = await db.walTransaction.findMany({
    where: {
      clusterId,
      status: "committed",
      endedAt: { gte: from, lte: to },
      ...(query.kind ? { kinds: { contains: query.kind } } : {}),
      ...(files ? { relations: { some: fileWhere } } : {}),
    },
    include: { relations: true },
    orderBy: { endedAt: "desc" },
    take: READ_LIMIT,
  });
  const minRows = query.minRows ?? 0;
  const transactions = rows
    .map((t) => {
      const kinds = t.kinds.split(",").filter(Boolean) as StatementKind[];
      const relations = t.relations
        .map((r) => ({ r, name: nameAt(index, { database: Number(r.databaseOid), relfilenode: Number(r.relfilenode) }, t.endedAt) }))
        .filter(({ name }) => name.isTable)
        .map(({ r, name }) => ({
          label: name.label,
          known: name.known,
          table: name.table,
          inserted: r.inserted,
          updated: r.updated,
          deleted: r.deleted,
          event: r.event,
        }));
      return {
        xid: t.xid.toString(),
        timeline: t.timeline,
        endedAt: t.endedAt.toISOString(),
        endLsn: t.endLsn,
        kind: kinds.find((k) => k !== "insert") ?? kinds[0] ?? "update",
        kinds,
        rowsInserted: t.rowsInserted,
        rowsUpdated: t.rowsUpdated,
        rowsDeleted: t.rowsDeleted,
        relations,
      } satisfies ActivityTransaction;
    })
    .filter((t) => ["drop", "truncate", "rewrite"].includes(t.kind) || t.rowsUpdated + t.rowsDeleted >= minRows)
    .sort((a, b) => weight(b) - weight(a) || b.endedAt.localeCompare(a.endedAt))
    .slice(0, LIST_LIMIT);

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    table: query.table ?? null,
    minutes: minutes.map((m) => ({
      minute: m.minute.toISOString(),
      inserted: m._sum.inserted ?? 0,
      updated: m._sum.updated ?? 0,
      deleted: m._sum.deleted ?? 0,
      truncates: m._sum.truncates ?? 0,
      drops: m._sum.drops ?? 0,
      rewrites: m._sum.rewrites ?? 0,
    })),
    transactions,
    tables: [
      ...new Set(
        history.filter((n) => n.relkind === "r" || n.relkind === "m").map((n) => `${n.databaseName}.${n.schemaName}.${n.tableName}`),
      ),
    ].sort(),
  };
}

const fileKey = (f: RelFile) => ({ databaseOid: BigInt(f.database), relfilenode: BigInt(f.relfilenode) });

// Drops and truncates first (their rows are not counted), then by rows destroyed.
const weight = (t: ActivityTransaction) =>
  ["drop", "truncate", "rewrite"].includes(t.kind) ? Number.MAX_SAFE_INTEGER : t.rowsUpdated + t.rowsDeleted;

async function newestActivity(db: DbClient, clusterId: string): Promise<Date | null> {
  const newest = await db.walActivityMinute.findFirst({ where: { clusterId }, orderBy: { minute: "desc" }, select: { minute: true } });
  return newest ? new Date(newest.minute.getTime() + 60_000) : null;
}
