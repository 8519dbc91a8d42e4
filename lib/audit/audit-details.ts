import type { AuditEventDetails } from "@/lib/domain/audit-event-details";

// Long enough for a name or path, short enough that a pasted blob is not kept whole.
const MAX_TEXT = 200;

/**
 * The allow-listed summary of a request body for the audit log: only the listed dotted paths,
 * only when they hold a string, number, boolean or null.
 */
export function auditDetails(body: unknown, fields: readonly string[]): AuditEventDetails {
  const details: AuditEventDetails = {};
  for (const field of fields) {
    let v: unknown = body;
    for (const part of field.split(".")) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[part] : undefined;
    if (typeof v === "string") details[field] = v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
    else if (typeof v === "number" || typeof v === "boolean" || v === null) details[field] = v;
  }
  return details;
}
