import { describe, expect, it } from "vitest";
import { findingsSummary, sizeProblem, type VerificationFinding } from "@/lib/domain/archive-verification";

const finding = (scope: VerificationFinding["scope"], path: string): VerificationFinding => ({
  scope,
  backupId: null,
  path,
  kind: "empty",
  message: "size 0, expected 16777216",
});

describe("findingsSummary", () => {
  it("says when nothing was found", () => {
    expect(findingsSummary([])).toBe("no problems found");
  });

  it("counts problems by where they are and quotes the first", () => {
    expect(findingsSummary([finding("wal", "c/wal/x")])).toBe(
      "1 problem found (1 in the WAL archive); first: c/wal/x: size 0, expected 16777216",
    );
    expect(findingsSummary([finding("backup", "c/backup/b/base.tar"), finding("wal", "c/wal/x"), finding("wal", "c/wal/y")])).toBe(
      "3 problems found (1 in backups, 2 in the WAL archive); first: c/backup/b/base.tar: size 0, expected 16777216",
    );
  });
});

describe("sizeProblem", () => {
  it("names empty, short and oversized files with the size expected", () => {
    expect(sizeProblem(16777216, 16777216)).toBeNull();
    expect(sizeProblem(0, 16777216)).toEqual({ kind: "empty", message: "size 0, expected 16777216" });
    expect(sizeProblem(8192, 16777216)).toEqual({ kind: "short", message: "size 8192, expected 16777216" });
    expect(sizeProblem(16777217, 16777216)).toEqual({ kind: "size", message: "size 16777217, expected 16777216" });
  });
});
