import { describe, expect, it } from "vitest";
import { postgresTime, recoverySettings } from "@/lib/domain/recovery-settings";

const base = { timeline: 1, restoreCommand: "wayback wal-fetch --cluster c %f %p", pauseAtTarget: false };

describe("recovery settings", () => {
  it("always turns archiving off and sets restore_command and the timeline", () => {
    const s = recoverySettings({ ...base, target: { target: "latest", value: null, inclusive: null } });
    expect(s).toEqual({
      restore_command: base.restoreCommand,
      recovery_target_timeline: "1",
      archive_mode: false,
      archive_command: "",
      hot_standby: true,
    });
  });

  it("sets exactly one target with its inclusiveness and promote", () => {
    expect(recoverySettings({ ...base, target: { target: "time", value: "2026-11-24T14:30:00.123456Z", inclusive: false } })).toMatchObject(
      {
        recovery_target_time: "2026-11-24 14:30:00.123456+00:00",
        recovery_target_inclusive: false,
        recovery_target_action: "promote",
      },
    );
    const lsn = recoverySettings({ ...base, target: { target: "lsn", value: "0/3000060", inclusive: null } });
    expect(lsn).toMatchObject({ recovery_target_lsn: "0/3000060", recovery_target_inclusive: true });
    expect(lsn).not.toHaveProperty("recovery_target_time");
    expect(recoverySettings({ ...base, target: { target: "xid", value: "1234", inclusive: true } })).toMatchObject({
      recovery_target_xid: "1234",
    });
  });

  it("names, and end of backup, take no inclusive setting", () => {
    const name = recoverySettings({ ...base, target: { target: "name", value: "before-migration", inclusive: null } });
    expect(name).toMatchObject({ recovery_target_name: "before-migration", recovery_target_action: "promote" });
    expect(name).not.toHaveProperty("recovery_target_inclusive");
    expect(recoverySettings({ ...base, target: { target: "immediate", value: null, inclusive: null } })).toMatchObject({
      recovery_target: "immediate",
    });
  });

  it("leaves archiving alone for a cluster restored in place", () => {
    const s = recoverySettings({ ...base, archiveOff: false, target: { target: "latest", value: null, inclusive: null } });
    expect(s).not.toHaveProperty("archive_mode");
    expect(s).not.toHaveProperty("archive_command");
  });

  it("pauses at the target when asked", () => {
    expect(
      recoverySettings({ ...base, pauseAtTarget: true, target: { target: "name", value: "x", inclusive: null } }).recovery_target_action,
    ).toBe("pause");
  });

  it("refuses a target without its value", () => {
    expect(() => recoverySettings({ ...base, target: { target: "time", value: null, inclusive: true } })).toThrow(/needs a value/);
  });
});

describe("times PostgreSQL accepts at startup", () => {
  it.each([
    ["2026-11-24T14:30:00Z", "2026-11-24 14:30:00+00:00"],
    ["2026-11-24T14:30:00.5+02:00", "2026-11-24 14:30:00.5+02:00"],
    ["2026-11-24 14:30:00-0530", "2026-11-24 14:30:00-05:30"],
    ["2026-11-24T14:30:00+02", "2026-11-24 14:30:00+02:00"],
  ])("%s → %s", (input, expected) => expect(postgresTime(input)).toBe(expected));

  it("refuses a time without an offset", () => {
    expect(() => postgresTime("2026-11-24 14:30:00")).toThrow(/offset/);
  });
});
