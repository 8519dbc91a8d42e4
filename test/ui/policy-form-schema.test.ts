import { describe, expect, it } from "vitest";
import { policyInput } from "@/lib/domain/policy-input";
import type { PolicyView } from "@/lib/policies/policy-view";
import { POLICY_FORM_FIELDS, policyFormDefaults } from "@/components/policies/policy-form-schema";

const stored: PolicyView = {
  id: "p1",
  name: "weekdays",
  timeZone: "Europe/Berlin",
  backupCron: "0 2 * * 1-5",
  backupDiffCron: null,
  backupIncrCron: null,
  verifyCron: null,
  drillCron: null,
  retentionCron: "0 3 * * *",
  dumpCron: null,
  keepDaily: 3,
  keepWeekly: 2,
  keepMonthly: 1,
  keepYearly: 0,
  minComplete: 1,
  dumpKeepDaily: 2,
  dumpKeepWeekly: 0,
  dumpKeepMonthly: 0,
  dumpKeepYearly: 0,
  dumpMinComplete: 1,
  schedules: [],
  clusters: [],
  updatedAt: "2026-12-01T00:00:00Z",
};

describe("the policy form's starting values", () => {
  it("gives a new policy schedules that the server's schema accepts", () => {
    const values = policyFormDefaults(null);
    expect(values).toMatchObject({ name: "", backupCron: "0 1 * * *", dumpCron: "", keepDaily: 7, minComplete: 2 });
    expect(policyInput.safeParse({ ...values, name: "nightly" }).success).toBe(true);
  });

  it("shows a stored policy's switched-off schedules as empty fields", () => {
    expect(policyFormDefaults(stored)).toMatchObject({
      name: "weekdays",
      timeZone: "Europe/Berlin",
      backupCron: "0 2 * * 1-5",
      verifyCron: "",
      drillCron: "",
      dumpCron: "",
      keepDaily: 3,
    });
  });

  it("places server errors under every field it shows", () => {
    expect([...POLICY_FORM_FIELDS].sort()).toEqual(Object.keys(policyFormDefaults(null)).sort());
  });
});
