import { describe, expect, it } from "vitest";
import { policyInput } from "./policy-input";

const valid = {
  name: "production-daily",
  timeZone: "Europe/Berlin",
  backupCron: "0 3 * * *",
  verifyCron: "",
  drillCron: "0 5 * * sun",
  retentionCron: "30  4 * * *",
  keepDaily: "7",
  keepWeekly: 4,
  keepMonthly: 12,
  keepYearly: 0,
  minComplete: 2,
};

describe("policyInput", () => {
  it("normalises schedules (blank: off) and counts", () => {
    expect(policyInput.parse(valid)).toEqual({
      ...valid,
      verifyCron: null,
      retentionCron: "30 4 * * *",
      keepDaily: 7,
      backupDiffCron: null,
      backupIncrCron: null,
      dumpCron: null,
      dumpKeepDaily: 7,
      dumpKeepWeekly: 4,
      dumpKeepMonthly: 0,
      dumpKeepYearly: 0,
      dumpMinComplete: 1,
    });
    expect(policyInput.parse({ ...valid, dumpCron: "0 2 * * *", dumpKeepDaily: "3" })).toMatchObject({
      dumpCron: "0 2 * * *",
      dumpKeepDaily: 3,
    });
    // Weekly full, daily incremental: each kind its own schedule.
    expect(policyInput.parse({ ...valid, backupCron: "0 1 * * 0", backupIncrCron: " 0 1  * * 1-6" })).toMatchObject({
      backupCron: "0 1 * * 0",
      backupIncrCron: "0 1 * * 1-6",
      backupDiffCron: null,
    });
  });

  it("puts each error under its field", () => {
    const result = policyInput.safeParse({ ...valid, backupCron: "61 3 * * *", timeZone: "Mars/Olympus", keepWeekly: -1, minComplete: 0 });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toEqual({
      backupCron: "61 is out of range: that field takes 0 to 59.",
      timeZone: "Enter an IANA time zone such as UTC or Europe/Berlin.",
      keepWeekly: "The number of weekly backups cannot be negative.",
      minComplete: "Keep at least 1 complete backup: retention never removes the last one.",
    });
  });
});
