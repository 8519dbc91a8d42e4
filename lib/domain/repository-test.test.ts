import { describe, expect, it } from "vitest";
import { summariseRepositoryTest, type RepositoryTestStepOutcome } from "@/lib/domain/repository-test";

const all = (ok: boolean | null, error?: string): RepositoryTestStepOutcome[] =>
  (["write", "list", "read", "delete"] as const).map((step) => ({ step, ok, error }));

describe("repository test summary", () => {
  it("passes when every step worked, naming the S3 permissions it exercised", () => {
    const r = summariseRepositoryTest("s3", all(true));
    expect(r).toMatchObject({ ok: true, missing: [] });
    expect(r.detail).toBe(
      "Every operation works: write (s3:PutObject), list (s3:ListBucket), read (s3:GetObject), delete (s3:DeleteObject).",
    );
  });

  it("names the one missing permission and what still worked", () => {
    const steps: RepositoryTestStepOutcome[] = [
      { step: "write", ok: true },
      { step: "list", ok: true },
      { step: "read", ok: true },
      { step: "delete", ok: false, error: "access denied for s3:DeleteObject" },
    ];
    const r = summariseRepositoryTest("s3", steps);
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(["s3:DeleteObject"]);
    expect(r.detail).toMatch(/^delete \(s3:DeleteObject\) failed: access denied for s3:DeleteObject /);
    expect(r.detail).toMatch(/Worked: write \(s3:PutObject\), list \(s3:ListBucket\), read \(s3:GetObject\)\./);
    expect(r.detail).toMatch(/Grant the access key s3:DeleteObject/);
  });

  it("says once when the store refused every step for the same reason, and which steps were not tried", () => {
    const steps: RepositoryTestStepOutcome[] = [
      { step: "write", ok: false, error: "the access key was refused" },
      { step: "list", ok: false, error: "the access key was refused" },
      { step: "read", ok: null },
      { step: "delete", ok: null },
    ];
    const r = summariseRepositoryTest("s3", steps);
    expect(r.missing).toEqual(["s3:PutObject", "s3:ListBucket"]);
    expect(r.detail).toMatch(/^write \(s3:PutObject\), list \(s3:ListBucket\) failed: the access key was refused /);
    expect(r.detail).toMatch(/Not tried \(they need the written object\): read \(s3:GetObject\), delete \(s3:DeleteObject\)\./);
  });

  it("speaks of operations, not S3 permissions, for a posix repository", () => {
    const r = summariseRepositoryTest("posix", [
      { step: "write", ok: false, error: "permission denied" },
      { step: "list", ok: true },
      { step: "read", ok: null },
      { step: "delete", ok: null },
    ]);
    expect(r.missing).toEqual([]);
    expect(r.detail).toBe("write failed: permission denied Not tried (they need the written object): read, delete. Worked: list.");
  });
});
