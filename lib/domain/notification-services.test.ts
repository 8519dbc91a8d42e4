// The bodies PagerDuty, Opsgenie, Teams and Discord receive, built from one alert: the fields each
// service requires, its limits, and the dedup key that ties an alert's open to its resolve.
import { describe, expect, it } from "vitest";
import { serviceMessage } from "@/lib/domain/notification-answer";
import { discordMessage } from "@/lib/domain/notification-discord";
import type { NotificationSubject } from "@/lib/domain/notification-message";
import { opsgeniePosts, type OpsgenieCreate } from "@/lib/domain/notification-opsgenie";
import { pagerdutyPosts, type PagerDutyEvent } from "@/lib/domain/notification-pagerduty";
import { teamsMessage } from "@/lib/domain/notification-teams";

const KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
const alert = {
  id: "8d1f3c9e-0000-4000-8000-000000000001",
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
  details: { lastFailedWal: "000000010000000000000003", failedCount: 7 },
};
const opened: NotificationSubject = {
  event: "opened",
  channelName: "pager",
  alert,
  sentAt: new Date("2026-11-25T10:00:01Z"),
  dedupKey: `wayback-${alert.id}`,
};
const resolved: NotificationSubject = {
  ...opened,
  event: "resolved",
  alert: { ...alert, state: "resolved", resolvedAt: new Date("2026-11-25T11:00:00Z") },
};
const test: NotificationSubject = { event: "test", channelName: "pager", alert: null, sentAt: opened.sentAt, dedupKey: "wayback-test-d9" };

describe("PagerDuty Events API v2", () => {
  it("an opened alert triggers under the alert's dedup key, with severity, source and the alert as custom details", () => {
    expect(pagerdutyPosts(opened, KEY)).toEqual([
      {
        path: "/v2/enqueue",
        body: {
          routing_key: KEY,
          event_action: "trigger",
          dedup_key: `wayback-${alert.id}`,
          payload: {
            summary: "Archive failing on billing: archive_command is failing: fix it.",
            source: "billing",
            severity: "critical",
            timestamp: "2026-11-25T10:00:00.000Z",
            class: "archive_failing",
            custom_details: {
              message: alert.message,
              cluster: { id: "c1", name: "billing" },
              rule: "archive_failing",
              firstSeenAt: "2026-11-25T10:00:00.000Z",
              lastSeenAt: "2026-11-25T10:05:00.000Z",
              occurrences: 3,
              details: alert.details,
            },
          },
          client: "Wayback",
        },
      },
    ]);
  });

  it("the resolve carries the same dedup key and no payload", () => {
    expect(pagerdutyPosts(resolved, KEY)).toEqual([
      { path: "/v2/enqueue", body: { routing_key: KEY, event_action: "resolve", dedup_key: `wayback-${alert.id}`, client: "Wayback" } },
    ]);
  });

  it("maps each of Wayback's severities to PagerDuty's name for it", () => {
    for (const severity of ["info", "warning", "critical"] as const) {
      const [p] = pagerdutyPosts({ ...opened, alert: { ...alert, severity } }, KEY);
      expect((p!.body as PagerDutyEvent).payload!.severity).toBe(severity);
    }
  });

  it("a test triggers an info incident and resolves it under one key", () => {
    const events = pagerdutyPosts(test, KEY).map((p) => p.body as PagerDutyEvent);
    expect(events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ["trigger", "wayback-test-d9"],
      ["resolve", "wayback-test-d9"],
    ]);
    expect(events[0]!.payload).toMatchObject({
      severity: "info",
      source: "wayback",
      summary: 'Wayback test notification for channel "pager"',
    });
  });

  it("cuts a summary to PagerDuty's 1024 characters", () => {
    const [p] = pagerdutyPosts({ ...opened, alert: { ...alert, message: "x".repeat(5000) } }, KEY);
    const summary = (p!.body as PagerDutyEvent).payload!.summary;
    expect(summary).toHaveLength(1024);
    expect(summary.endsWith("…")).toBe(true);
  });
});

describe("Opsgenie Alert API", () => {
  it("an opened alert creates an alert aliased by the dedup key, prioritised by severity, details as text", () => {
    expect(opsgeniePosts(opened)).toEqual([
      {
        path: "/v2/alerts",
        body: {
          message: "Archive failing on billing",
          alias: `wayback-${alert.id}`,
          description: "archive_command is failing: fix it.\nFirst seen 2026-11-25T10:00:00.000Z.",
          details: {
            lastFailedWal: "000000010000000000000003",
            failedCount: "7",
            cluster: "billing",
            clusterId: "c1",
            rule: "archive_failing",
            severity: "critical",
            firstSeenAt: "2026-11-25T10:00:00.000Z",
            occurrences: "3",
          },
          entity: "billing",
          source: "Wayback",
          priority: "P1",
          tags: ["wayback", "critical", "archive_failing"],
        },
      },
    ]);
    const priority = (severity: "info" | "warning") =>
      (opsgeniePosts({ ...opened, alert: { ...alert, severity } })[0]!.body as OpsgenieCreate).priority;
    expect([priority("warning"), priority("info")]).toEqual(["P3", "P5"]);
  });

  it("the resolve closes the alert by its alias", () => {
    expect(opsgeniePosts(resolved)).toEqual([
      {
        path: `/v2/alerts/wayback-${alert.id}/close?identifierType=alias`,
        body: { source: "Wayback", note: "Resolved in Wayback at 2026-11-25T11:00:00.000Z." },
      },
    ]);
  });

  it("a test creates a P5 alert and closes it; a long headline is cut to Opsgenie's 130 characters", () => {
    const posts = opsgeniePosts(test);
    expect(posts.map((p) => p.path)).toEqual(["/v2/alerts", "/v2/alerts/wayback-test-d9/close?identifierType=alias"]);
    expect(posts[0]!.body).toMatchObject({ alias: "wayback-test-d9", priority: "P5", tags: ["wayback", "test"], details: {} });
    const long = opsgeniePosts({ ...opened, alert: { ...alert, clusterName: "c".repeat(300) } })[0]!.body as OpsgenieCreate;
    expect(long.message).toHaveLength(130);
  });
});

describe("Microsoft Teams (Workflows webhook)", () => {
  it("is a message with one Adaptive Card: headline, text and the alert's facts", () => {
    const m = teamsMessage(opened);
    expect(m.type).toBe("message");
    expect(m.attachments).toHaveLength(1);
    const card = m.attachments[0]!;
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(card.content.body).toEqual([
      {
        type: "TextBlock",
        text: "[critical] Archive failing on billing",
        wrap: true,
        weight: "Bolder",
        size: "Medium",
        color: "Attention",
      },
      { type: "TextBlock", text: "archive_command is failing: fix it.\nFirst seen 2026-11-25T10:00:00.000Z.", wrap: true },
      {
        type: "FactSet",
        facts: [
          { title: "Cluster", value: "billing" },
          { title: "Rule", value: "archive_failing" },
          { title: "Severity", value: "critical" },
          { title: "First seen", value: "2026-11-25T10:00:00.000Z" },
          { title: "Occurrences", value: "3" },
        ],
      },
    ]);
  });

  it("a resolve is green and says when; a test has no facts", () => {
    const body = teamsMessage(resolved).attachments[0]!.content.body;
    expect(body[0]).toMatchObject({ text: "[resolved] Archive failing on billing", color: "Good" });
    expect(body[2]).toMatchObject({ facts: expect.arrayContaining([{ title: "Resolved", value: "2026-11-25T11:00:00.000Z" }]) });
    expect(teamsMessage(test).attachments[0]!.content.body.map((b) => b.type)).toEqual(["TextBlock", "TextBlock"]);
  });
});

describe("Discord webhook", () => {
  it("headline as content, the alert as an embed coloured by severity, and no mentions", () => {
    expect(discordMessage(opened)).toEqual({
      username: "Wayback",
      content: "[critical] Archive failing on billing",
      embeds: [
        {
          description: "archive_command is failing: fix it.\nFirst seen 2026-11-25T10:00:00.000Z.",
          color: 0xd92d20,
          fields: [
            { name: "Cluster", value: "billing", inline: true },
            { name: "Rule", value: "archive_failing", inline: true },
            { name: "Severity", value: "critical", inline: true },
            { name: "Occurrences", value: "3", inline: true },
          ],
          timestamp: "2026-11-25T10:00:01.000Z",
          footer: { text: "Wayback · channel pager" },
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it("a resolve is green; text past Discord's limits is cut", () => {
    expect(discordMessage(resolved).embeds[0]!.color).toBe(0x12b76a);
    const long = discordMessage({ ...opened, alert: { ...alert, message: "y".repeat(9000), clusterName: "z".repeat(3000) } });
    expect(long.content).toHaveLength(2000);
    expect(long.embeds[0]!.description).toHaveLength(4096);
    expect(long.embeds[0]!.fields[0]!.value).toHaveLength(1024);
  });
});

describe("serviceMessage", () => {
  it("reads each service's error body", () => {
    expect(
      serviceMessage(
        JSON.stringify({ status: "invalid event", message: "Event object is invalid", errors: ["'payload.summary' is missing or blank"] }),
      ),
    ).toBe("Event object is invalid: 'payload.summary' is missing or blank");
    expect(
      serviceMessage(
        JSON.stringify({
          message: "Request body is not processable. Please check the errors.",
          errors: { message: "Message can not be empty." },
          took: 0.001,
        }),
      ),
    ).toBe("Request body is not processable. Please check the errors.: message: Message can not be empty.");
    expect(serviceMessage(JSON.stringify({ message: "Invalid Webhook Token", code: 50027 }))).toBe("Invalid Webhook Token");
    expect(
      serviceMessage(
        JSON.stringify({ error: { code: "DirectApiAuthorizationRequired", message: "The request needs a valid signature." } }),
      ),
    ).toBe("The request needs a valid signature.");
  });

  it("says nothing for text or JSON without a message", () => {
    expect(serviceMessage("try again later")).toBeNull();
    expect(serviceMessage("{}")).toBeNull();
    expect(serviceMessage("1")).toBeNull();
  });
});
