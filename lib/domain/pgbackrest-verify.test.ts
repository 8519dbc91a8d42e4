// The module under test is pure; the test itself reads the captured output.
/* eslint-disable no-restricted-imports */
import { readFileSync } from "node:fs";
import path from "node:path";
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from "vitest";
import { parsePgBackRestVerify, pgBackRestFindings } from "@/lib/domain/pgbackrest-verify";

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

describe("pgBackRestFindings", () => {
  const ids = new Map([
    ["20261202-161728F", "full-id"],
    ["20261202-161728F_20261202-161738I", "incr-id"],
  ]);

  it("files a bad file and each set's count under that set's backup, one the catalog lacks under the archive", () => {
    const findings = pgBackRestFindings(parsePgBackRestVerify(fixture("pgbackrest-verify-corrupt.txt")), ids);
    expect(findings.map((f) => [f.scope, f.backupId, f.path, f.kind])).toEqual([
      ["backup", "full-id", "20261202-161728F/pg_data/base/5/112.zst", "checksum"],
      ["backup", "full-id", "backup 20261202-161728F", "checksum"],
      ["backup", "incr-id", "backup 20261202-161728F_20261202-161738I", "checksum"],
      ["wal", null, "backup 20261202-161728F_20261202-161743D", "checksum"],
    ]);
  });

  it("finds nothing in a clean repository, and still fails an error status that names no file", () => {
    expect(pgBackRestFindings(parsePgBackRestVerify(fixture("pgbackrest-verify-ok.txt")), ids)).toEqual([]);
    expect(pgBackRestFindings({ ok: false, sets: new Map(), problems: [] }, ids)).toHaveLength(1);
  });
});
