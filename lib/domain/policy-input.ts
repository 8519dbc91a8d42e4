import { z } from "zod";
import { checkCron, isTimeZone } from "./cron-schedule";

/** What a policy can schedule, in the order the form shows them. */
export const SCHEDULE_KINDS = ["backup", "backup_diff", "backup_incr", "verify", "drill", "retention", "dump"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const SCHEDULE_FIELD = {
  backup: "backupCron",
  backup_diff: "backupDiffCron",
  backup_incr: "backupIncrCron",
  verify: "verifyCron",
  drill: "drillCron",
  retention: "retentionCron",
  dump: "dumpCron",
} as const satisfies Record<ScheduleKind, string>;

// An empty field means "does not run on a schedule".
const schedule = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, " "))
  .superRefine((v, ctx) => {
    if (v === "") return;
    const check = checkCron(v);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason });
  })
  .transform((v) => (v === "" ? null : v))
  .nullable();

const count = (what: string, max: number) =>
  z.coerce
    .number({ error: `Enter how many ${what} to keep (0 for none).` })
    .int(`The number of ${what} is a whole number.`)
    .min(0, `The number of ${what} cannot be negative.`)
    .max(max, `Keep at most ${max} ${what}.`);

export const policyInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the policy a name, e.g. production-daily.")
    .max(100, "Keep the name to 100 characters or fewer.")
    .refine(
      (v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
      "The name cannot contain control characters.",
    ),
  timeZone: z.string().trim().refine(isTimeZone, "Enter an IANA time zone such as UTC or Europe/Berlin."),
  backupCron: schedule,
  // Differential and incremental backups, for pgBackRest clusters only (lib/domain/backup-kind.ts).
  backupDiffCron: schedule.default(null),
  backupIncrCron: schedule.default(null),
  verifyCron: schedule,
  drillCron: schedule,
  retentionCron: schedule,
  // Dumps came later: clients that do not send their fields get no dump schedule and these counts.
  dumpCron: schedule.default(null),
  keepDaily: count("daily backups", 3660),
  keepWeekly: count("weekly backups", 520),
  keepMonthly: count("monthly backups", 1200),
  keepYearly: count("yearly backups", 100),
  minComplete: z.coerce
    .number({ error: "Enter the fewest complete backups to keep." })
    .int("The minimum is a whole number.")
    .min(1, "Keep at least 1 complete backup: retention never removes the last one.")
    .max(1000, "The minimum can be at most 1000."),
  dumpKeepDaily: count("daily dumps", 3660).default(7),
  dumpKeepWeekly: count("weekly dumps", 520).default(4),
  dumpKeepMonthly: count("monthly dumps", 1200).default(0),
  dumpKeepYearly: count("yearly dumps", 100).default(0),
  dumpMinComplete: z.coerce
    .number({ error: "Enter the fewest complete dumps to keep per database." })
    .int("The minimum is a whole number.")
    .min(1, "Keep at least 1 complete dump of each database.")
    .max(1000, "The minimum can be at most 1000.")
    .default(1),
});
export type PolicyInput = z.infer<typeof policyInput>;
/** What the form holds before validation (schedules as typed, counts as numbers). */
export type PolicyFormValues = z.input<typeof policyInput>;

/** A cluster's policy assignment: a policy id, or null for none. */
export const clusterPolicyInput = z.object({ policyId: z.uuid("Choose a policy.").nullable() });

/** The policy form's retention fields, for the dry-run preview against a cluster's backups. */
export const retentionPreviewInput = policyInput.pick({
  timeZone: true,
  keepDaily: true,
  keepWeekly: true,
  keepMonthly: true,
  keepYearly: true,
  minComplete: true,
});
