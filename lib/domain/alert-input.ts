import { z } from "zod";
import { ALERT_RULE_NAMES } from "./alert-rules";

/** GET /api/v1/alerts: "unresolved" is open and acknowledged together (the alerts page's default). */
export const listAlertsQuery = z.object({
  clusterId: z.uuid("Not a cluster id.").optional(),
  rule: z.enum(ALERT_RULE_NAMES, { error: `Choose one of: ${ALERT_RULE_NAMES.join(", ")}.` }).optional(),
  state: z
    .enum(["open", "acknowledged", "resolved", "unresolved"], { error: "Choose open, acknowledged, resolved or unresolved." })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;

/** POST /api/v1/alerts/:id/acknowledge (and the alerts page's Acknowledge dialog). */
export const acknowledgeAlertInput = z.object({
  comment: z.string().trim().max(2000, "Keep the comment to 2000 characters or fewer.").default(""),
});
export type AcknowledgeAlertInput = z.infer<typeof acknowledgeAlertInput>;
