import { z } from "zod";

export const listBackupsQuery = z.object({
  clusterId: z.uuid("clusterId must be a cluster id.").optional(),
  status: z.enum(["running", "complete", "failed", "expiring"], { error: "status is running, complete, failed or expiring." }).optional(),
  order: z.enum(["desc", "asc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListBackupsQuery = z.infer<typeof listBackupsQuery>;
