import { z } from "zod";

/** GET /api/v1/fleet's query: one page of the overview, filtered and sorted (lib/domain/fleet-ranking.ts). */
export const fleetQuery = z.object({
  page: z.coerce.number({ error: "page is a page number from 1." }).int("page is a whole number.").min(1, "page starts at 1.").default(1),
  perPage: z.coerce
    .number({ error: "perPage is a number of rows." })
    .int("perPage is a whole number.")
    .min(1, "perPage is at least 1.")
    .max(500, "perPage is at most 500: ask for the next page instead.")
    .default(50),
  name: z.string().trim().min(1, "name filters by part of a cluster's name: give at least one character.").max(200).optional(),
  rpo: z.enum(["ok", "behind", "none"], { error: "rpo is ok, behind or none." }).optional(),
  archive: z
    .enum(["ok", "failing", "stale", "receiver down", "gap"], { error: "archive is ok, failing, stale, receiver down or gap." })
    .optional(),
  alert: z
    .enum(["critical", "warning", "info", "none"], { error: "alert is critical, warning, info or none (the worst open alert)." })
    .optional(),
  sort: z.enum(["risk", "name"], { error: 'sort is "risk" (most at risk first) or "name".' }).default("risk"),
});
export type FleetQuery = z.infer<typeof fleetQuery>;
