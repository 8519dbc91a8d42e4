import { describe, expect, it } from "vitest";
import { channelCovers, channelCreateInput, channelUpdateInput, redactUrl, splitRecipients } from "@/lib/domain/notification-input";

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
    expect(issues({ kind: "sms", name: "x" })?.[0]).toMatch(/webhook or email/);
  });

  it("update input keeps absent fields absent (no defaults applied)", () => {
    expect(channelUpdateInput.parse({ enabled: false })).toEqual({ enabled: false });
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
