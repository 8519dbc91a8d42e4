// The module under test is pure; the test itself reads the captured output.
/* eslint-disable no-restricted-imports */
import { readFileSync } from "node:fs";
import path from "node:path";
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from "vitest";
import { parsePgBackRestVerify } from "@/lib/domain/pgbackrest-verify";

// Captured from pgBackRest 2.45 (verify --output=text --verbose, console log level info) on a
// stanza with a full, an incremental and a differential; the corrupt one after overwriting seven
// bytes of one file of the full.
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "testdata", name), "utf8");

describe("parsePgBackRestVerify", () => {
  it("reads a clean repository as ok with every set valid", () => {
    const result = parsePgBackRestVerify(fixture("pgbackrest-verify-ok.txt"));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect([...result.sets.values()]).toEqual(["valid", "valid", "valid"]);
  });

  it("names the corrupted file and every set that references it", () => {
    const result = parsePgBackRestVerify(fixture("pgbackrest-verify-corrupt.txt"));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      "20261202-161728F/pg_data/base/5/112.zst: invalid checksum",
      "backup 20261202-161728F: checksum invalid 1",
      "backup 20261202-161728F_20261202-161738I: checksum invalid 1",
      "backup 20261202-161728F_20261202-161743D: checksum invalid 1",
    ]);
    expect(result.sets.get("20261202-161728F_20261202-161738I")).toBe("invalid");
  });

  it("refuses output without a status line rather than calling it ok", () => {
    expect(() => parsePgBackRestVerify("INFO: verify command end: completed successfully\n")).toThrow(/no status line/);
  });
});
