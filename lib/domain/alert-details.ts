/** The facts an alert carries besides its message (alerts.details), e.g. the drill or verification that raised it. */
import { z } from "zod";
import { readJsonColumn } from "./json-column";

export const alertDetails = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type AlertDetails = z.infer<typeof alertDetails>;

/** null: an alert raised without details (the CLI's "WAL file refused"). */
export function readAlertDetails(row: { id: string; details: unknown }): AlertDetails | null {
  return readJsonColumn(alertDetails.nullable(), row.details, { table: "alerts", id: row.id, column: "details" });
}
