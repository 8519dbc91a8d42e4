import { z } from "zod";

/** GET /api/v1/clusters/:id/verifications */
export const listVerificationsQuery = z.object({
  /** Only the newest verification that checked this backup, with that backup's results and findings. */
  backupId: z.uuid("backupId must be a backup id.").optional(),
  limit: z.coerce.number().int().min(1, "limit is from 1 to 50.").max(50, "limit is from 1 to 50.").default(10),
});
export type ListVerificationsQuery = z.infer<typeof listVerificationsQuery>;

/** POST /api/v1/clusters/:id/verifications?repositoryId=…: read a copy repository instead of the primary. */
export const verificationRequestQuery = z.object({
  repositoryId: z.uuid("repositoryId must be the id of the cluster's primary or one of its copy repositories.").optional(),
});
export type VerificationRequestQuery = z.infer<typeof verificationRequestQuery>;
