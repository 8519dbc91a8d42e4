// The module under test is pure; the test itself reads the captured output.
/* eslint-disable no-restricted-imports */
import { readFileSync } from "node:fs";
import path from "node:path";
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from "vitest";
import { parsePgBackRestInfo, setChain } from "@/lib/domain/pgbackrest-info";

// Captured from pgBackRest 2.45 (info --output=json) after full → pgbench → incr → diff on a
// PostgreSQL 15 cluster.
const text = readFileSync(path.join(import.meta.dirname, "testdata", "pgbackrest-info-2.45.json"), "utf8");

describe("parsePgBackRestInfo", () => {
  const stanza = parsePgBackRestInfo(text)[0]!;

  it("reads the stanza with its full 64-bit system identifier", () => {
    expect(stanza.name).toBe("fx");
    expect(stanza.status).toEqual({ code: 0, message: "ok" });
    expect(stanza.systemIdentifier).toBe("7714741565540679961");
    expect(stanza.pgVersion).toBe("15");
    expect(stanza.archive).toEqual([{ min: { timeline: 1, segno: 1n }, max: { timeline: 1, segno: 7n } }]);
  });

  it("reads each set's kind, parent, times, LSNs, WAL and sizes", () => {
    expect(stanza.sets.map((s) => [s.label, s.kind, s.parentLabel])).toEqual([
      ["20261202-161728F", "full", null],
      ["20261202-161728F_20261202-161738I", "incr", "20261202-161728F"],
      ["20261202-161728F_20261202-161743D", "diff", "20261202-161728F"],
    ]);
    const incr = stanza.sets[1]!;
    expect(incr.startedAt).toEqual(new Date(1796228258_000));
    expect(incr.stoppedAt).toEqual(new Date(1796228260_000));
    expect(incr.startLsn).toBe("0/5000028");
    expect(incr.stopLsn).toBe("0/5000100");
    expect(incr.timeline).toBe(1);
    expect(incr.walStart).toEqual({ timeline: 1, segno: 5n });
    expect(incr.databaseSizeBytes).toBe(38926017n);
    // Only what the incremental added, not the full it references.
    expect(incr.storedSizeBytes).toBe(812467n);
    expect(incr.error).toBe(false);
  });

  it("walks a set's chain back to its full", () => {
    const chain = setChain(stanza.sets, "20261202-161728F_20261202-161738I").map((s) => s.label);
    expect(chain).toEqual(["20261202-161728F_20261202-161738I", "20261202-161728F"]);
    expect(setChain(stanza.sets, "nope")).toEqual([]);
  });

  it("reads a stanza with no backups and no archive yet", () => {
    const empty = parsePgBackRestInfo(
      '[{"archive":[],"backup":[],"cipher":"none","db":[],"name":"new","repo":[],"status":{"code":2,"message":"no valid backups"}}]',
    )[0];
    expect(empty).toMatchObject({ name: "new", sets: [], archive: [], systemIdentifier: null, status: { code: 2 } });
  });

  it("says where the answer is not what it should be", () => {
    expect(() => parsePgBackRestInfo("ERROR: [055]")).toThrow(/did not answer JSON/);
    expect(() => parsePgBackRestInfo('[{"name":"x"}]')).toThrow(/unexpected shape at 0\.status/);
  });
});
