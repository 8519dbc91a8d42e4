import type { Policy } from "@/lib/db/generated/client";
import type { RetentionRules } from "@/lib/domain/retention";

type RuleFields = Pick<Policy, "keepDaily" | "keepWeekly" | "keepMonthly" | "keepYearly" | "minComplete" | "timeZone">;

/** The retention part of a policy (a saved one, or the form's values for a preview). */
export function retentionRules(p: RuleFields): RetentionRules {
  return {
    keepDaily: p.keepDaily,
    keepWeekly: p.keepWeekly,
    keepMonthly: p.keepMonthly,
    keepYearly: p.keepYearly,
    minComplete: p.minComplete,
    timeZone: p.timeZone,
  };
}

type DumpRuleFields = Pick<
  Policy,
  "dumpKeepDaily" | "dumpKeepWeekly" | "dumpKeepMonthly" | "dumpKeepYearly" | "dumpMinComplete" | "timeZone"
>;

/** The policy's counts for logical dumps, applied to each database's dumps. */
export function dumpRetentionRules(p: DumpRuleFields): RetentionRules {
  return {
    keepDaily: p.dumpKeepDaily,
    keepWeekly: p.dumpKeepWeekly,
    keepMonthly: p.dumpKeepMonthly,
    keepYearly: p.dumpKeepYearly,
    minComplete: p.dumpMinComplete,
    timeZone: p.timeZone,
  };
}
