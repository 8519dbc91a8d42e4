import type { Db } from "@/lib/db/client";
import type { AuditEventDetails } from "@/lib/domain/audit-event-details";
import type { AuditOutcome } from "@/lib/domain/audit-input";

export interface AuditActor {
  userId: string | null;
  tokenId: string | null;
  /** The user name; for a sign-in, the name that was tried. */
  name: string;
}

export interface AuditEventInput {
  actor: AuditActor | null;
  ip: string | null;
  action: string;
  targetId: string | null;
  details: AuditEventDetails;
  status: number;
  at?: Date;
}

/** 2xx/3xx is ok; refused is authentication, authorisation and lockout; anything else failed. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return "ok";
  if (status === 401 || status === 403 || status === 429) return "refused";
  return "failed";
}

/** The only write to audit_events: there is no update or delete, and a trigger refuses them anyway. */
export async function recordAuditEvent(db: Db, e: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      at: e.at,
      actorUserId: e.actor?.userId ?? null,
      actorTokenId: e.actor?.tokenId ?? null,
      actorName: e.actor?.name ?? null,
      ip: e.ip,
      action: e.action,
      targetId: e.targetId,
      details: e.details,
      outcome: outcomeOf(e.status),
      status: e.status,
    },
  });
}
