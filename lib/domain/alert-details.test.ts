import { describe, expect, it } from "vitest";
import { readAlertDetails } from "@/lib/domain/alert-details";

describe("alert details column", () => {
  it("reads the facts an alert carries, and null when it has none", () => {
    expect(readAlertDetails({ id: "a-1", details: { drillId: "d-1", lagBytes: 1024, lastArchivedWal: null } })).toEqual({
      drillId: "d-1",
      lagBytes: 1024,
      lastArchivedWal: null,
    });
    expect(readAlertDetails({ id: "a-1", details: null })).toBeNull();
  });

  it("refuses details kept as a list or nested, naming the alert", () => {
    expect(() => readAlertDetails({ id: "a-2", details: ["d-1"] })).toThrow(
      /catalog row alerts a-2 has a details column .*expected record/,
    );
    expect(() => readAlertDetails({ id: "a-3", details: { drill: { id: "d-1" } } })).toThrow(/alerts a-3 has a details column .*drill: /);
  });
});
