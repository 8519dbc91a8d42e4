import { describe, expect, it } from "vitest";
import {
  readChannelCoverage,
  readChatSettings,
  readEmailSettings,
  readPagingSettings,
  readWebhookSettings,
} from "@/lib/domain/channel-settings";

const email = {
  host: "smtp.example.com",
  port: 587,
  security: "starttls",
  username: null,
  from: "wayback@example.com",
  to: ["ops@example.com"],
};

describe("notification channel columns", () => {
  it("reads a channel's settings and coverage as stored", () => {
    expect(readWebhookSettings({ id: "c-1", settings: { format: "slack", target: "https://hooks.slack.com/…" } })).toEqual({
      format: "slack",
      target: "https://hooks.slack.com/…",
    });
    expect(readEmailSettings({ id: "c-2", settings: email })).toEqual(email);
    expect(readPagingSettings({ id: "c-7", settings: { region: "eu" } })).toEqual({ region: "eu" });
    expect(readChatSettings({ id: "c-8", settings: { target: "https://discord.com/…" } })).toEqual({ target: "https://discord.com/…" });
    expect(readChannelCoverage({ id: "c-1", severities: ["warning", "critical"], clusterIds: [] })).toEqual({
      severities: ["warning", "critical"],
      clusterIds: [],
    });
  });

  it("refuses email settings of an older shape (no security, one recipient as text), naming the channel", () => {
    const { security: _, ...older } = email;
    expect(() => readEmailSettings({ id: "c-3", settings: { ...older, to: "ops@example.com" } })).toThrow(
      /catalog row notification_channels c-3 has a settings column .*security: .*to: /,
    );
  });

  it("refuses a webhook's settings read as an email channel's", () => {
    expect(() => readEmailSettings({ id: "c-4", settings: { format: "json", target: "https://x.example/…" } })).toThrow(
      /notification_channels c-4 has a settings column .*host: /,
    );
  });

  it("refuses a paging channel's settings without a known region", () => {
    expect(() => readPagingSettings({ id: "c-9", settings: { region: "apac" } })).toThrow(
      /notification_channels c-9 has a settings column .*region: /,
    );
  });

  it("refuses coverage kept as text or with an unknown severity, naming the column", () => {
    expect(() => readChannelCoverage({ id: "c-5", severities: "critical", clusterIds: [] })).toThrow(
      /notification_channels c-5 has a severities column .*expected array/,
    );
    expect(() => readChannelCoverage({ id: "c-5", severities: ["error"], clusterIds: [] })).toThrow(/has a severities column .*0: /);
    expect(() => readChannelCoverage({ id: "c-6", severities: ["info"], clusterIds: null })).toThrow(
      /notification_channels c-6 has a cluster_ids /,
    );
  });
});
