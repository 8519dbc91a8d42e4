import { z } from "zod";

const copyPolicy = z.uuid("Choose a policy, or none to follow the cluster's policy.").nullable();

/**
 * POST /api/v1/clusters/:id/copies: a repository to hold copies of the cluster's backups, dumps and
 * WAL, and optionally the policy whose retention counts apply there (none: the cluster's policy).
 */
export const copyRepositoryInput = z.object({ repositoryId: z.uuid("Choose a repository."), policyId: copyPolicy.optional() });
export type CopyRepositoryInput = z.infer<typeof copyRepositoryInput>;

/** PATCH /api/v1/clusters/:id/copies/:repositoryId: the copy repository's retention (policyId null: the cluster's policy). */
export const copyRetentionInput = z.object({ policyId: copyPolicy });
export type CopyRetentionInput = z.infer<typeof copyRetentionInput>;
