import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { formatLsn } from "@/lib/domain/lsn";
import {
  isNotable,
  minuteActivity,
  rowTotals,
  statementKinds,
  type EndedXact,
  type OpenXact,
  type RelationEventKind,
} from "@/lib/domain/wal-activity";

/**
 * The transactions the segment before (timeline, segno) left open, to continue in its fold: that
 * segment on the same timeline, or, at a timeline switch, on the newest timeline below it.
 */
export async function carriedInto(db: DbClient, clusterId: string, timeline: number, segno: bigint): Promise<OpenXact[]> {
  const row = await db.walOpenXacts.findFirst({
    where: { clusterId, segment: { segno: segno - 1n, timeline: { lte: timeline } } },
    orderBy: { segment: { timeline: "desc" } },
  });
  return row ? (row.xacts as unknown as OpenXact[]) : [];
}

/**
 * Replaces what the catalog keeps of one segment's activity: its notable committed transactions
 * with their relations, its per-minute totals and the transactions it leaves open. Run it in the
 * transaction that marks the segment indexed, so indexing again changes nothing.
 */
export async function recordSegmentActivity(
  tx: DbClient,
  opts: { clusterId: string; name: string; timeline: number; ended: EndedXact[]; open: OpenXact[] },
): Promise<{ notable: number }> {
  const { clusterId, name, timeline } = opts;
  const where = { clusterId, name };
  await tx.walTransaction.deleteMany({ where });
  await tx.walActivityMinute.deleteMany({ where });
  await tx.walOpenXacts.deleteMany({ where });

  const notable = opts.ended.filter(isNotable);
  if (notable.length > 0) {
    await tx.walTransaction.createMany({
      data: notable.map((x) => {
        const t = rowTotals(x.changes);
        return {
          clusterId,
          name,
          xid: BigInt(x.xid),
          timeline,
          status: x.status,
          endedAt: x.endedAt,
          endLsn: formatLsn(x.lsn),
          subxacts: x.subxacts.length,
          rowsInserted: t.inserted,
          rowsUpdated: t.updated,
          rowsDeleted: t.deleted,
          kinds: statementKinds(x).join(","),
        };
      }),
    });
    await tx.walTransactionRelation.createMany({ data: notable.flatMap((x) => relationRows(clusterId, name, x)) });
  }
  const minutes = minuteActivity(opts.ended);
  if (minutes.length > 0) {
    await tx.walActivityMinute.createMany({
      data: minutes.map(({ database, relfilenode, ...counts }) => ({
        ...counts,
        clusterId,
        name,
        databaseOid: BigInt(database),
        relfilenode: BigInt(relfilenode),
      })),
    });
  }
  if (opts.open.length > 0) {
    await tx.walOpenXacts.create({ data: { clusterId, name, xacts: opts.open as unknown as Prisma.InputJsonValue } });
  }
  return { notable: notable.length };
}

function relationRows(clusterId: string, name: string, x: EndedXact): Prisma.WalTransactionRelationCreateManyInput[] {
  const rows = new Map<string, Prisma.WalTransactionRelationCreateManyInput>();
  const row = (database: number, relfilenode: number) => {
    const key = `${database}/${relfilenode}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        clusterId,
        name,
        xid: BigInt(x.xid),
        databaseOid: BigInt(database),
        relfilenode: BigInt(relfilenode),
        inserted: 0,
        updated: 0,
        deleted: 0,
        event: null,
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of x.changes)
    Object.assign(row(c.database, c.relfilenode), { inserted: c.inserted, updated: c.updated, deleted: c.deleted });
  for (const e of x.events) row(e.database, e.relfilenode).event = e.kind satisfies RelationEventKind;
  return [...rows.values()];
}
