import { describe, expect, it } from "vitest";
import { chooseRestoreRepository, NOMINAL_READ_RATES, rankRepositories, type RepositoryCoverage } from "./restore-repository";

const repo = (id: string, over: Partial<RepositoryCoverage> = {}): RepositoryCoverage => ({
  repositoryId: id,
  name: id,
  role: "copy",
  kind: "posix",
  backupComplete: true,
  missingSegments: 0,
  measured: null,
  ...over,
});
const measured = (mbps: number, samples = 3) => ({ bytesPerSecond: mbps * 1e6, samples });

describe("chooseRestoreRepository", () => {
  it("takes the fastest measured repository among those that cover the target", () => {
    const choice = chooseRestoreRepository([
      repo("primary", { role: "primary", measured: measured(50) }),
      repo("fast-copy", { measured: measured(120, 2) }),
    ]);
    expect(choice).toMatchObject({ ok: true, repositoryId: "fast-copy" });
    expect(choice.ok && choice.reason).toBe(
      "the fastest of the 2 repositories that hold the backup and the WAL to the target: read at 120 MB/s by 2 earlier restores or drills",
    );
  });

  it("passes over a faster repository that lacks the backup or a segment", () => {
    const candidates = [
      repo("primary", { role: "primary", measured: measured(50) }),
      repo("lagging", { measured: measured(500), missingSegments: 2 }),
      repo("uncopied", { measured: measured(400), backupComplete: false }),
    ];
    const choice = chooseRestoreRepository(candidates);
    expect(choice).toMatchObject({ ok: true, repositoryId: "primary" });
    expect(choice.ok && choice.reason).toMatch(/^the only repository that holds the backup and the WAL to the target \(read at 50/);
    expect(choice.ranked.map((r) => [r.repositoryId, r.covers])).toEqual([
      ["lagging", false],
      ["uncopied", false],
      ["primary", true],
    ]);
    expect(choice.ranked[0]!.lacks).toBe(
      'Repository "lagging" lacks 2 WAL segment(s) replay needs: wait for the copy job to catch up, or restore from another repository.',
    );
  });

  it("with nothing measured, a directory comes before an S3 store, whichever is the primary", () => {
    const choice = chooseRestoreRepository([repo("s3-primary", { role: "primary", kind: "s3" }), repo("local-copy")]);
    expect(choice).toMatchObject({ ok: true, repositoryId: "local-copy" });
    expect(choice.ranked.map((r) => r.speed)).toEqual([
      { bytesPerSecond: NOMINAL_READ_RATES.posix, basis: "nominal" },
      { bytesPerSecond: NOMINAL_READ_RATES.s3, basis: "nominal" },
    ]);
    expect(choice.ranked[0]!.speedReason).toBe("not measured yet; a directory, taken to read faster than an S3 store");
  });

  it("takes an unmeasured repository to read like the measured ones of its kind", () => {
    // A slow measured directory (network mount) loses to S3 measured faster; the unmeasured directory is judged like it.
    const ranked = rankRepositories([
      repo("nfs", { role: "primary", measured: measured(20) }),
      repo("s3", { kind: "s3", measured: measured(80) }),
      repo("new-dir"),
    ]);
    expect(ranked.map((r) => [r.repositoryId, r.speed.basis, r.speed.bytesPerSecond])).toEqual([
      ["s3", "measured", 80e6],
      ["nfs", "measured", 20e6],
      ["new-dir", "kind", 20e6],
    ]);
  });

  it("on equal speeds prefers the primary, then the order given", () => {
    const ranked = rankRepositories([repo("a"), repo("b"), repo("p", { role: "primary" })]);
    expect(ranked.map((r) => r.repositoryId)).toEqual(["p", "a", "b"]);
  });

  it("honours a requested repository that covers the target, even a slower one", () => {
    const candidates = [repo("primary", { role: "primary", measured: measured(500) }), repo("slow", { measured: measured(5) })];
    expect(chooseRestoreRepository(candidates, "slow")).toMatchObject({ ok: true, repositoryId: "slow", reason: "chosen" });
  });

  it("refuses a requested repository that lacks the backup, saying what it lacks", () => {
    const choice = chooseRestoreRepository([repo("primary", { role: "primary" }), repo("copy", { backupComplete: false })], "copy");
    expect(choice).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Repository "copy" lacks a complete copy of the chosen backup:/),
    });
    const both = chooseRestoreRepository([repo("copy", { backupComplete: false, missingSegments: 3 })], "copy");
    expect(both).toMatchObject({
      ok: false,
      message: expect.stringContaining('"copy" lacks a complete copy of the chosen backup and 3 WAL segment(s) replay needs'),
    });
  });

  it("refuses a repository that is not the cluster's", () => {
    expect(chooseRestoreRepository([repo("primary", { role: "primary" })], "stranger")).toMatchObject({
      ok: false,
      message: expect.stringContaining("neither this cluster's primary"),
    });
  });

  it("when nothing covers the target, says what the primary lacks", () => {
    const choice = chooseRestoreRepository([
      repo("copy", { missingSegments: 1 }),
      repo("primary", { role: "primary", backupComplete: false }),
    ]);
    expect(choice).toMatchObject({ ok: false, message: expect.stringMatching(/^Repository "primary" lacks a complete copy/) });
    expect(chooseRestoreRepository([])).toMatchObject({ ok: false, message: "This cluster has no repository." });
  });
});
