import { describe, expect, it } from "vitest";
import { emailMessage, webhookBody, type NotificationSubject } from "@/lib/domain/notification-message";

const alert = {
  id: "a1",
  rule: "archive_failing",
  ruleLabel: "Archive failing",
  severity: "critical" as const,
  state: "open" as const,
  message: "archive_command is failing: fix it.",
  clusterId: "c1",
  clusterName: "billing",
  firstSeenAt: new Date("2026-11-25T10:00:00Z"),
  lastSeenAt: new Date("2026-11-25T10:05:00Z"),
  resolvedAt: null,
  occurrences: 3,
  details: { lastFailedWal: "000000010000000000000003" },
};
const opened: NotificationSubject = {
  event: "opened",
  channelName: "ops",
  alert,
  sentAt: new Date("2026-11-25T10:00:01Z"),
  dedupKey: "wayback-a1",
};

describe("notification messages", () => {
  it("JSON body carries the event, the alert and its cluster", () => {
    expect(webhookBody(opened, "json")).toMatchObject({
      event: "opened",
      summary: "[critical] Archive failing on billing",
      alert: {
        id: "a1",
        rule: "archive_failing",
        severity: "critical",
        cluster: { id: "c1", name: "billing" },
        details: { lastFailedWal: "000000010000000000000003" },
      },
    });
  });

  it("Slack format is one text field with the headline in bold", () => {
    expect(webhookBody(opened, "slack")).toEqual({
      text: "*[critical] Archive failing on billing*\narchive_command is failing: fix it.\nFirst seen 2026-11-25T10:00:00.000Z.",
    });
  });

  it("a resolve says when and what it was", () => {
    const resolved: NotificationSubject = {
      ...opened,
      event: "resolved",
      alert: { ...alert, state: "resolved", resolvedAt: new Date("2026-11-25T11:00:00Z") },
    };
    const m = emailMessage(resolved);
    expect(m.subject).toBe("Wayback: [resolved] Archive failing on billing");
    expect(m.text).toContain("Resolved at 2026-11-25T11:00:00.000Z");
    expect(m.text).toContain("It was: archive_command is failing");
  });

  it("a test names the channel", () => {
    expect(emailMessage({ event: "test", channelName: "ops", alert: null, sentAt: new Date(0), dedupKey: "wayback-test-d1" }).subject).toBe(
      'Wayback: Wayback test notification for channel "ops"',
    );
  });
});
