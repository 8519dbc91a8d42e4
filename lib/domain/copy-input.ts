import { z } from "zod";

/** POST /api/v1/clusters/:id/copies: a repository to hold copies of the cluster's backups and WAL. */
export const copyRepositoryInput = z.object({ repositoryId: z.uuid("Choose a repository.") });
export type CopyRepositoryInput = z.infer<typeof copyRepositoryInput>;
