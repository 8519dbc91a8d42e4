import { z } from "zod";
import { timelineChoice } from "./failover-timeline";

/** POST /api/v1/clusters/:id/drills (and the cluster page's "Run drill"). */
export const drillRequestInput = z.object({
  /**
   * "restore_point": the drill first creates a restore point on production and restores to it —
   * a target whose moment is known, so row counts can be held to it exactly.
   * "latest": replays everything archived, without touching production.
   */
  target: z.enum(["restore_point", "latest"]).default("restore_point"),
  /** How far a table production wrote after the target may differ, as a share of its rows. */
  tolerancePct: z.coerce.number().min(0, "Use a tolerance from 0 to 100 %.").max(100, "Use a tolerance from 0 to 100 %.").default(0),
  /**
   * The repository to restore from: the primary or one of the cluster's copy repositories, to prove
   * an offsite copy restores. None: the copy repository the cluster's drills are set to read, else
   * the primary.
   */
  repositoryId: z.uuid("Choose a repository.").optional(),
  /** recovery_target_timeline, as a restore takes it. Omitted: the latest timeline. */
  timeline: timelineChoice.optional(),
});
export type DrillRequestInput = z.infer<typeof drillRequestInput>;

export const listDrillsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** PUT /api/v1/clusters/:id/drills/repository: the copy repository drills read when none is asked for; null: the primary. */
export const drillsFromInput = z.object({ repositoryId: z.uuid("Choose a copy repository, or null for the primary.").nullable() });
export type DrillsFromInput = z.infer<typeof drillsFromInput>;
