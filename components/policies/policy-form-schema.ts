import type { PolicyFormValues } from "@/lib/domain/policy-input";
import type { PolicyView } from "@/lib/policies/policy-view";

/* The policy form's fields: which schedules and counts it shows, under which labels, and its starting values. */

export const SCHEDULES = [
  ["backupCron", "Full backup"],
  ["backupDiffCron", "Differential backup (pgBackRest clusters)"],
  ["backupIncrCron", "Incremental backup (pgBackRest clusters)"],
  ["verifyCron", "Verification"],
  ["drillCron", "Restore drill"],
  ["retentionCron", "Retention enforcement"],
  ["dumpCron", "Logical dump (the cluster's database)"],
] as const;

export const COUNTS = [
  ["keepDaily", "Daily backups", "The newest backup of each of the last N days."],
  ["keepWeekly", "Weekly backups", "… of each of the last N ISO weeks."],
  ["keepMonthly", "Monthly backups", "… of each of the last N months."],
  ["keepYearly", "Yearly backups", "… of each of the last N years."],
  ["minComplete", "Minimum complete backups", "Never fewer than this, whatever the periods say."],
] as const;

export const DUMP_COUNTS = [
  ["dumpKeepDaily", "Daily dumps", "Per database, as for backups."],
  ["dumpKeepWeekly", "Weekly dumps", ""],
  ["dumpKeepMonthly", "Monthly dumps", ""],
  ["dumpKeepYearly", "Yearly dumps", ""],
  ["dumpMinComplete", "Minimum complete dumps", "Of each database."],
] as const;

/** A retention count: its field, label and hint ("" for none). */
export type CountField = readonly [field: (typeof COUNTS)[number][0] | (typeof DUMP_COUNTS)[number][0], label: string, hint: string];

/** The fields a refusal from the server can name, placed under their inputs. */
export const POLICY_FORM_FIELDS = new Set<string>([
  "name",
  "timeZone",
  ...SCHEDULES.map(([f]) => f),
  ...[...COUNTS, ...DUMP_COUNTS].map(([f]) => f),
]);

/** The form's values for a policy, or a new policy's defaults (nightly backups, weekly verification and drill, in the browser's zone). */
export function policyFormDefaults(p: PolicyView | null): PolicyFormValues {
  return {
    name: p?.name ?? "",
    timeZone: p?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    backupCron: p ? (p.backupCron ?? "") : "0 1 * * *",
    backupDiffCron: p?.backupDiffCron ?? "",
    backupIncrCron: p?.backupIncrCron ?? "",
    verifyCron: p ? (p.verifyCron ?? "") : "0 4 * * 0",
    drillCron: p ? (p.drillCron ?? "") : "0 5 * * 0",
    retentionCron: p ? (p.retentionCron ?? "") : "30 3 * * *",
    dumpCron: p?.dumpCron ?? "",
    keepDaily: p?.keepDaily ?? 7,
    keepWeekly: p?.keepWeekly ?? 4,
    keepMonthly: p?.keepMonthly ?? 12,
    keepYearly: p?.keepYearly ?? 0,
    minComplete: p?.minComplete ?? 2,
    dumpKeepDaily: p?.dumpKeepDaily ?? 7,
    dumpKeepWeekly: p?.dumpKeepWeekly ?? 4,
    dumpKeepMonthly: p?.dumpKeepMonthly ?? 0,
    dumpKeepYearly: p?.dumpKeepYearly ?? 0,
    dumpMinComplete: p?.dumpMinComplete ?? 1,
  };
}
