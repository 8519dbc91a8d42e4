import { describe, expect, it } from "vitest";
import { chooseRestoreRepository, type RepositoryCoverage } from "./restore-repository";

const primary: RepositoryCoverage = { repositoryId: "p", name: "local", role: "primary", backupComplete: true, missingSegments: 0 };
const copy: RepositoryCoverage = { repositoryId: "c", name: "offsite", role: "copy", backupComplete: true, missingSegments: 0 };

describe("chooseRestoreRepository", () => {
  it("defaults to the primary when it covers the target", () => {
    expect(chooseRestoreRepository([copy, primary])).toEqual({ ok: true, repositoryId: "p" });
  });

  it("defaults to a copy that covers the target when the primary does not", () => {
    const late = { ...copy, repositoryId: "late", missingSegments: 2 };
    expect(chooseRestoreRepository([{ ...primary, backupComplete: false }, late, copy])).toEqual({ ok: true, repositoryId: "c" });
  });

  it("takes the requested repository when it covers the target", () => {
    expect(chooseRestoreRepository([primary, copy], "c")).toEqual({ ok: true, repositoryId: "c" });
  });

  it("refuses a requested copy that lacks the backup or WAL, saying which", () => {
    const r = chooseRestoreRepository([primary, { ...copy, backupComplete: false, missingSegments: 3 }], "c");
    expect(r).toEqual({
      ok: false,
      message: expect.stringContaining('"offsite" lacks a complete copy of the chosen backup and 3 WAL segment(s) replay needs'),
    });
    expect(chooseRestoreRepository([primary, { ...copy, missingSegments: 1 }], "c")).toEqual({
      ok: false,
      message: expect.stringMatching(/lacks 1 WAL segment\(s\) replay needs: wait for the copy job/),
    });
  });

  it("refuses a repository that is not the cluster's", () => {
    expect(chooseRestoreRepository([primary, copy], "x")).toEqual({ ok: false, message: expect.stringContaining("neither") });
  });

  it("says what the primary lacks when nothing covers the target", () => {
    const r = chooseRestoreRepository([
      { ...primary, backupComplete: false },
      { ...copy, missingSegments: 4 },
    ]);
    expect(r).toEqual({ ok: false, message: expect.stringContaining('"local" lacks a complete copy') });
    expect(chooseRestoreRepository([])).toEqual({ ok: false, message: "This cluster has no repository." });
  });
});
