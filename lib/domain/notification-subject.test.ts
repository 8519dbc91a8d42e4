import { describe, expect, it } from "vitest";
import { notificationSubject, type DeliveryToSend } from "@/lib/domain/notification-subject";

const sentAt = new Date("2026-11-25T10:00:01Z");
const alert = {
  id: "a1",
  rule: "archive_failing",
  severity: "critical" as const,
  state: "open" as const,
  message: "archive_command is failing: fix it.",
  clusterId: "c1",
  cluster: { name: "billing" },
  firstSeenAt: new Date("2026-11-25T10:00:00Z"),
  lastSeenAt: new Date("2026-11-25T10:05:00Z"),
  resolvedAt: null,
  occurrences: 3,
  details: { lastFailedWal: "000000010000000000000003" },
};

describe("notificationSubject", () => {
  it("names the alert's rule by its label and its cluster by name, and keys it by the alert", () => {
    const d: DeliveryToSend = { id: "d1", event: "opened", channel: { name: "ops" }, alert };
    const { cluster: _cluster, ...fields } = alert;
    expect(notificationSubject(d, sentAt)).toEqual({
      event: "opened",
      channelName: "ops",
      sentAt,
      dedupKey: "wayback-a1",
      alert: { ...fields, ruleLabel: "Archive failing", clusterName: "billing" },
    });
  });

  it("keeps the stored name of a rule it does not know", () => {
    const d: DeliveryToSend = { id: "d2", event: "resolved", channel: { name: "ops" }, alert: { ...alert, rule: "retired_rule" } };
    expect(notificationSubject(d, sentAt).alert?.ruleLabel).toBe("retired_rule");
  });

  it("a test delivery has no alert, and a key of its own that its retries share", () => {
    expect(notificationSubject({ id: "d3", event: "test", channel: { name: "ops" }, alert: null }, sentAt)).toEqual({
      event: "test",
      channelName: "ops",
      sentAt,
      dedupKey: "wayback-test-d3",
      alert: null,
    });
  });
});
