import { z } from "zod";

export const listJobsQuery = z.object({
  clusterId: z.uuid("clusterId must be a cluster id.").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
