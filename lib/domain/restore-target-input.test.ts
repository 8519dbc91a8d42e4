import { describe, expect, it } from "vitest";
import { restoreTargetInput } from "@/lib/domain/restore-target-input";

describe("restoreTargetInput", () => {
  const parse = (value: unknown) => restoreTargetInput.safeParse(value);
  const messages = (value: unknown) => {
    const r = parse(value);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it("accepts times with Z or an offset, inclusive by default", () => {
    expect(parse({ kind: "time", time: "2026-11-24T14:31:00Z" }).data).toEqual({
      kind: "time",
      time: "2026-11-24T14:31:00Z",
      inclusive: true,
    });
    for (const time of [
      "2026-11-24T16:31:00+02:00",
      "2026-11-24T16:31:00+0200",
      "2026-11-24T16:31+02",
      "2026-11-24 09:31:00.5-05:00",
      "2024-02-29T00:00:00z",
    ]) {
      expect(parse({ kind: "time", time, inclusive: false }).success, time).toBe(true);
    }
  });

  it("refuses a time without an offset, saying to add one", () => {
    expect(messages({ kind: "time", time: "2026-11-24T14:31:00" })).toEqual([
      'Add a UTC offset to the time, e.g. "+02:00" or "Z": without one the server\'s time zone would decide which moment it is.',
    ]);
  });

  it("says an impossible date without an offset is not a real date, and a real one that it lacks the offset", () => {
    expect(messages({ kind: "time", time: "2026-13-45 25:61:00" })).toEqual([
      "2026-13-45 25:61:00 is not a real date and time (months run 01–12, days to the month's end, hours 00–23, minutes and seconds 00–59).",
    ]);
    expect(messages({ kind: "time", time: "2026-02-29 12:00:00" })[0]).toContain("not a real date and time");
    expect(messages({ kind: "time", time: "2026-11-24 14:31:00.123456" })[0]).toContain("Add a UTC offset");
  });

  it("refuses a restore point name with control characters", () => {
    expect(messages({ kind: "name", name: "before\nmigration" })).toEqual(["The restore point name cannot contain control characters."]);
  });

  it("refuses malformed and impossible times", () => {
    expect(messages({ kind: "time", time: "yesterday" })[0]).toContain("ISO 8601 with a UTC offset");
    expect(messages({ kind: "time", time: "2026-02-29T00:00:00Z" })[0]).toContain("not a real date and time");
    expect(messages({ kind: "time", time: "2026-04-31T00:00:00Z" })[0]).toContain("not a real date and time");
    expect(messages({ kind: "time", time: "2026-11-24T24:00:00Z" })[0]).toContain("not a real date and time");
    expect(messages({ kind: "time", time: "2026-11-24T12:00:00+16:00" })[0]).toContain("between -15:59 and +15:59");
    expect(messages({ kind: "time", time: 17 })[0]).toContain("ISO 8601");
    expect(parse({ kind: "time", time: "2026-11-24T12:00:00Z", inclusive: "yes" }).success).toBe(false);
  });

  it("restore point names: 1 to 63 bytes", () => {
    expect(parse({ kind: "name", name: "x".repeat(63) }).success).toBe(true);
    expect(messages({ kind: "name", name: "é".repeat(32) })).toEqual(["Restore point names are at most 63 bytes."]);
    expect(messages({ kind: "name", name: "" })).toEqual(["Enter the name of a restore point."]);
    expect(messages({ kind: "name", name: "a\u0000b" })).toEqual(["The restore point name cannot contain control characters."]);
  });

  it("LSNs are checked with parseLsn", () => {
    expect(parse({ kind: "lsn", lsn: "16/b374d848" }).data).toEqual({ kind: "lsn", lsn: "16/b374d848", inclusive: true });
    expect(messages({ kind: "lsn", lsn: "16-B374D848" })[0]).toContain('e.g. "16/B374D848"');
    expect(messages({ kind: "lsn", lsn: "0/123456789" })[0]).toContain("hex");
  });

  it("xids: digits, 3 to 4294967295, or an epoch-qualified xid8 below 2^63", () => {
    expect(parse({ kind: "xid", xid: "3" }).data).toEqual({ kind: "xid", xid: "3", inclusive: true });
    expect(parse({ kind: "xid", xid: "4294967295" }).success).toBe(true);
    expect(parse({ kind: "xid", xid: String((1n << 63n) - 1n) }).success).toBe(true);
    expect(messages({ kind: "xid", xid: "12a" })[0]).toContain("whole number written in digits");
    expect(messages({ kind: "xid", xid: "-5" })[0]).toContain("whole number written in digits");
    expect(messages({ kind: "xid", xid: "0123" })[0]).toContain("octal");
    expect(messages({ kind: "xid", xid: "2" })[0]).toContain("reserved");
    expect(messages({ kind: "xid", xid: "4294967296" })[0]).toContain("names xid 0, which is reserved");
    expect(messages({ kind: "xid", xid: String(1n << 63n) })[0]).toContain("below 2^63");
  });

  it("immediate needs a backup uuid; latest takes nothing", () => {
    const id = "0b8a1c1e-6f1d-4c1a-9d43-2f1e8d0c7a55";
    expect(parse({ kind: "immediate", backupId: id }).data).toEqual({ kind: "immediate", backupId: id });
    expect(messages({ kind: "immediate", backupId: "b1" })).toEqual(["Choose the backup to restore to its end."]);
    expect(parse({ kind: "latest" }).data).toEqual({ kind: "latest" });
  });

  it("refuses two targets at once", () => {
    expect(messages({ kind: "time", time: "2026-11-24T14:31:00Z", lsn: "0/1" })).toEqual([
      'A "time" target takes only "time" and "inclusive"; remove "lsn". Give exactly one target.',
    ]);
    expect(messages({ kind: "latest", name: "x" })[0]).toContain('remove "name"');
    expect(messages({ kind: "immediate", backupId: "0b8a1c1e-6f1d-4c1a-9d43-2f1e8d0c7a55", inclusive: true })[0]).toContain(
      'remove "inclusive"',
    );
  });

  it("refuses an unknown or missing kind, listing the kinds", () => {
    const expected = 'Choose what to recover to: "kind" is one of time, name, lsn, xid, immediate, latest.';
    expect(messages({ kind: "timestamp", time: "2026-11-24T14:31:00Z" })).toEqual([expected]);
    expect(messages({ time: "2026-11-24T14:31:00Z" })).toEqual([expected]);
  });
});
