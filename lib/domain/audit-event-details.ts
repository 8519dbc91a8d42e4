/** What an audit record keeps of the request (audit_events.details): allow-listed fields, each a scalar. */
import { z } from "zod";
import { readJsonColumn } from "./json-column";

export const auditEventDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditEventDetails = z.infer<typeof auditEventDetails>;

export function readAuditEventDetails(row: { id: string; details: unknown }): AuditEventDetails {
  return readJsonColumn(auditEventDetails, row.details, { table: "audit_events", id: row.id, column: "details" });
}
