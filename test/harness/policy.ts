import { policyInput, type PolicyInput } from "@/lib/domain/policy-input";
import { uniqueName } from "@/test/harness/catalog";

/**
 * A policy's input as the form sends it, for tests: no schedule, the newest backup of each of 7
 * days, at least one complete; `fields` set what the test is about. `name` gets a unique suffix.
 */
export function testPolicyInput(name: string, fields: Record<string, unknown> = {}): PolicyInput {
  return policyInput.parse({
    name: uniqueName(name),
    timeZone: "UTC",
    backupCron: "",
    verifyCron: "",
    drillCron: "",
    retentionCron: "",
    keepDaily: 7,
    keepWeekly: 0,
    keepMonthly: 0,
    keepYearly: 0,
    minComplete: 1,
    ...fields,
  });
}
