import { describe, expect, it } from "vitest";
import { initialValues, restoreFormSchema, toRequestBody } from "@/components/restores/restore-form-schema";

const base = initialValues({ time: "2026-01-01T10:00:00Z" });

describe("restore form worker host", () => {
  it("sends the chosen host for a new instance, and nothing when left at the default", () => {
    expect(toRequestBody({ ...base, workerHost: "db-backup-2" }).workerHost).toBe("db-backup-2");
    expect(toRequestBody(base)).not.toHaveProperty("workerHost");
  });

  it("never sends a host for an in-place restore: it runs where the cluster's data directory is", () => {
    const inPlace = { ...base, workerHost: "db-backup-2", destination: { ...base.destination, kind: "in_place" as const, confirm: "x" } };
    expect(toRequestBody(inPlace)).not.toHaveProperty("workerHost");
  });

  it("puts a malformed host under the Worker host field", () => {
    const r = restoreFormSchema.safeParse({ ...base, workerHost: "db:2" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["workerHost"]);
  });
});
