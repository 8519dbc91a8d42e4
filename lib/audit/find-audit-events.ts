import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { readAuditEventDetails, type AuditEventDetails } from "@/lib/domain/audit-event-details";
import type { AuditOutcome, ListAuditQuery } from "@/lib/domain/audit-input";
import { notFound } from "@/lib/errors/app-error";

export interface AuditEventView {
  id: string;
  at: string;
  actor: { userId: string | null; tokenId: string | null; name: string | null };
  ip: string | null;
  action: string;
  targetId: string | null;
  details: AuditEventDetails;
  outcome: AuditOutcome;
  status: number;
}

/**
 * Newest first, in pages: `before` continues after a record (records sharing a timestamp are
 * ordered by id, so none is skipped or repeated). `user` matches the actor's name exactly (a
 * removed user's records keep it).
 */
export async function listAuditEvents(db: Db, q: ListAuditQuery): Promise<AuditEventView[]> {
  const cursor = q.before ? await db.auditEvent.findUnique({ where: { id: q.before }, select: { at: true, id: true } }) : null;
  if (q.before && !cursor) throw notFound("The audit record to continue after");
  const where: Prisma.AuditEventWhereInput = {
    ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
    ...(q.user ? { actorName: q.user } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: q.limit });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { userId: r.actorUserId, tokenId: r.actorTokenId, name: r.actorName },
    ip: r.ip,
    action: r.action,
    targetId: r.targetId,
    details: readAuditEventDetails(r),
    outcome: r.outcome,
    status: r.status,
  }));
}
