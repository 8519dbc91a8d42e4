import { describe, expect, it } from "vitest";
import { readAuditEventDetails } from "@/lib/domain/audit-event-details";

describe("audit record details column", () => {
  it("reads the allow-listed scalars an audit record keeps", () => {
    const details = { name: "prod", "destination.kind": "new_instance", port: 5433, dryRun: false, backupId: null };
    expect(readAuditEventDetails({ id: "a-1", details })).toEqual(details);
    expect(readAuditEventDetails({ id: "a-1", details: {} })).toEqual({});
  });

  it("refuses nested values or a missing object, naming the record", () => {
    expect(() => readAuditEventDetails({ id: "a-2", details: { target: { kind: "time" } } })).toThrow(
      /catalog row audit_events a-2 has a details column .*target: /,
    );
    expect(() => readAuditEventDetails({ id: "a-3", details: null })).toThrow(/audit_events a-3 has a details column .*expected record/);
  });
});
