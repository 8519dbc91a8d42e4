import { z } from "zod";
import { restoreTargetInput } from "./restore-target-input";
import { repositoryPath } from "./repository-input";
import { confirmNameInput } from "./confirm-name";
import { portInput } from "./whole-number-input";
import { workerHostSchema } from "./worker-host";
import { timelineChoice } from "./failover-timeline";

/** POST /api/v1/clusters/:id/restores (and the UI's restore form). */
export const restoreRequestInput = z.object({
  target: restoreTargetInput,
  /** Omitted: the newest complete backup that ends before the target. */
  backupId: z.uuid("Choose a backup.").optional(),
  /** Omitted: the primary repository when it holds the backup and WAL, else a copy repository that does. */
  repositoryId: z.uuid("Choose a repository.").optional(),
  destination: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("new_instance"),
        /** Omitted: a new directory under the restore root. */
        dataDir: repositoryPath.optional(),
        /** Omitted: a free port from the configured range. */
        port: portInput(1024).optional(),
      }),
      z.object({
        kind: z.literal("in_place"),
        /** The cluster's name, typed by the user: checked on the server. */
        confirm: confirmNameInput,
      }),
    ])
    .default({ kind: "new_instance" }),
  /** The worker host the copy goes to (in place: the cluster's host). Omitted: this installation's
   *  default host while it has a live worker, else the least busy live one. */
  workerHost: workerHostSchema.optional(),
  /** recovery_target_timeline. Omitted: the timeline 'latest' follows (the highest holding the target). */
  timeline: timelineChoice.optional(),
  pauseAtTarget: z.boolean().default(false),
  /** true: only compute and return the plan (the form's preview); nothing is started. */
  dryRun: z.boolean().default(false),
});
export type RestoreRequestInput = z.infer<typeof restoreRequestInput>;

export const listRestoresQuery = z.object({
  clusterId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
