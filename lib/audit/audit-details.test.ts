import { describe, expect, it } from "vitest";
import { auditDetails } from "@/lib/audit/audit-details";

describe("audit details", () => {
  it("keeps only the listed fields, following dotted paths to scalars", () => {
    const body = {
      name: "prod",
      password: "hunter2-secret",
      port: 5432,
      target: { kind: "latest", time: "x" },
      dryRun: false,
      extra: null,
    };
    expect(auditDetails(body, ["name", "port", "target.kind", "dryRun", "extra"])).toEqual({
      name: "prod",
      port: 5432,
      "target.kind": "latest",
      dryRun: false,
      extra: null,
    });
  });

  it("drops objects, arrays and missing fields, and shortens long text", () => {
    const body = { target: { kind: "latest" }, list: [1, 2], long: "x".repeat(500) };
    const d = auditDetails(body, ["target", "list", "missing", "missing.deeper", "long"]);
    expect(Object.keys(d)).toEqual(["long"]);
    expect(String(d.long)).toHaveLength(201);
  });

  it("records nothing from a body that is not an object", () => {
    expect(auditDetails(undefined, ["name"])).toEqual({});
    expect(auditDetails("name", ["name"])).toEqual({});
  });
});
