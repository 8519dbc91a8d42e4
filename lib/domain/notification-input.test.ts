import { describe, expect, it } from "vitest";
import {
  channelCovers,
  channelCreateInput,
  channelUpdateInput,
  foreignFields,
  redactUrl,
  splitRecipients,
} from "@/lib/domain/notification-input";

describe("channelCreateInput", () => {
  it("takes a webhook with defaults: JSON, warning and critical, every cluster", () => {
    const r = channelCreateInput.parse({ kind: "webhook", name: "ops", url: "https://hooks.example.com/T/abc" });
    expect(r).toEqual({
      kind: "webhook",
      name: "ops",
      enabled: true,
      severities: ["warning", "critical"],
      clusterIds: [],
      url: "https://hooks.example.com/T/abc",
      format: "json",
    });
  });

  it("takes an email channel with port 587 and STARTTLS by default", () => {
    const r = channelCreateInput.parse({
      kind: "email",
      name: "dba",
      host: "smtp.example.com",
      from: "wayback@example.com",
      to: ["dba@example.com"],
    });
    expect(r).toMatchObject({ port: 587, security: "starttls" });
  });

  it("refuses bad input with a message naming the fix", () => {
    const issues = (v: unknown) => channelCreateInput.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ kind: "webhook", name: "x", url: "ftp://example.com" })).toEqual([
      "url: Enter a full http(s) URL, e.g. https://hooks.slack.com/services/….",
    ]);
    expect(issues({ kind: "webhook", name: "x", url: "https://e.com", severities: [] })).toEqual([
      "severities: Choose at least one severity.",
    ]);
    expect(issues({ kind: "email", name: "x", host: "smtp", from: "nope", to: [] })).toEqual([
      "from: Enter an email address like ops@example.com.",
      "to: Enter at least one recipient.",
    ]);
    expect(issues({ kind: "sms", name: "x" })?.[0]).toMatch(/webhook, email, pagerduty, opsgenie, teams or discord/);
  });

  it("takes PagerDuty and Opsgenie channels with a key and the US site by default", () => {
    expect(channelCreateInput.parse({ kind: "pagerduty", name: "pd", routingKey: " R0UT1NGKEY0123456789abcdefABCDEF " })).toEqual({
      kind: "pagerduty",
      name: "pd",
      enabled: true,
      severities: ["warning", "critical"],
      clusterIds: [],
      routingKey: "R0UT1NGKEY0123456789abcdefABCDEF",
      region: "us",
    });
    expect(
      channelCreateInput.parse({ kind: "opsgenie", name: "og", apiKey: "5b1f7a9e-1111-4222-8333-444455556666", region: "eu" }),
    ).toMatchObject({ apiKey: "5b1f7a9e-1111-4222-8333-444455556666", region: "eu" });
  });

  it("refuses a PagerDuty key of the wrong length, an Opsgenie key with spaces and an unknown region, saying what to enter", () => {
    const issues = (v: unknown) => channelCreateInput.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ kind: "pagerduty", name: "pd", routingKey: "abc123", region: "asia" })).toEqual([
      "routingKey: Enter the 32-character integration key of the service's Events API v2 integration.",
      "region: Choose us or eu: the site your account is on.",
    ]);
    expect(issues({ kind: "opsgenie", name: "og", apiKey: "GenieKey abc" })).toEqual([
      "apiKey: An Opsgenie API key has only letters, digits and dashes: copy it again.",
    ]);
  });

  it("takes a Teams workflow URL as is, and a Discord URL only in Discord's webhook shape", () => {
    const teams = "https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=XYZ";
    expect(channelCreateInput.parse({ kind: "teams", name: "t", url: teams })).toMatchObject({ url: teams });
    const discord = "https://discord.com/api/webhooks/112233445566778899/AbC-dEf_123";
    expect(channelCreateInput.parse({ kind: "discord", name: "d", url: discord })).toMatchObject({ url: discord });
    expect(
      channelCreateInput.safeParse({ kind: "discord", name: "d", url: "https://hooks.slack.com/services/T/B/X" }).error?.issues[0]?.message,
    ).toMatch(/looks like https:\/\/discord.com\/api\/webhooks\/<id>\/<token>/);
  });

  it("update input keeps absent fields absent (no defaults applied)", () => {
    expect(channelUpdateInput.parse({ enabled: false })).toEqual({ enabled: false });
  });
});

describe("foreignFields", () => {
  it("names the fields a kind does not have; shared ones always apply", () => {
    expect(foreignFields("pagerduty", { region: "eu", routingKey: "k", url: "https://x.io", name: "n", enabled: true })).toEqual(["url"]);
    expect(foreignFields("discord", { url: "https://x.io", format: "slack", apiKey: "k" })).toEqual(["format", "apiKey"]);
    expect(foreignFields("email", { password: null, severities: ["info"] })).toEqual([]);
  });
});

describe("channelCovers", () => {
  const alert = { severity: "critical", clusterId: "c1" };
  it("matches severities and clusters; no clusters listed means every cluster", () => {
    expect(channelCovers({ severities: ["critical"], clusterIds: [] }, alert)).toBe(true);
    expect(channelCovers({ severities: ["warning"], clusterIds: [] }, alert)).toBe(false);
    expect(channelCovers({ severities: ["critical"], clusterIds: ["c2"] }, alert)).toBe(false);
    expect(channelCovers({ severities: ["critical"], clusterIds: ["c2", "c1"] }, alert)).toBe(true);
  });
});

describe("helpers", () => {
  it("splits recipients on commas, semicolons and spaces", () => {
    expect(splitRecipients(" a@x.io, b@x.io;c@x.io\nd@x.io ")).toEqual(["a@x.io", "b@x.io", "c@x.io", "d@x.io"]);
  });
  it("shows a webhook URL without its path (where the token is)", () => {
    expect(redactUrl("https://hooks.slack.com/services/T000/B000/XXXX")).toBe("https://hooks.slack.com/…");
  });
});
