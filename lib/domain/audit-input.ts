import { z } from "zod";

export const AUDIT_OUTCOMES = ["ok", "refused", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** GET /api/v1/audit: newest first; every filter optional. */
export const listAuditQuery = z.object({
  user: z.string().trim().max(100).optional(),
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: "Choose ok, refused or failed." }).optional(),
  from: z.iso.datetime({ offset: true, error: "from is a date and time with an offset, e.g. 2026-11-25T09:00:00Z." }).optional(),
  to: z.iso.datetime({ offset: true, error: "to is a date and time with an offset, e.g. 2026-11-25T18:00:00Z." }).optional(),
  /** The id of the last record of the previous page: the next page holds the records older than it. */
  before: z.uuid("before is the id of an audit record.").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListAuditQuery = z.infer<typeof listAuditQuery>;
