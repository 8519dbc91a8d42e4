// The add-channel form sends, for each kind, exactly that kind's fields, and the API's schema
// (the one the form validates with) takes them.
import { describe, expect, it } from "vitest";
import { CHANNEL_FORM_DEFAULTS, toChannelBody, type ChannelFormValues } from "@/components/notifications/channel-form";
import { channelCreateInput } from "@/lib/domain/notification-input";

const blank: ChannelFormValues = { ...CHANNEL_FORM_DEFAULTS, name: "ops", severities: ["critical"] };
const common = { name: "ops", severities: ["critical"], clusterIds: [] };

describe("toChannelBody", () => {
  it("sends only the chosen kind's fields, and the API schema takes them", () => {
    const cases: [Partial<ChannelFormValues>, Record<string, unknown>][] = [
      [
        { kind: "pagerduty", routingKey: "R0UT1NGKEY0123456789abcdefABCDEF", region: "eu", url: "https://left.over/x" },
        { kind: "pagerduty", routingKey: "R0UT1NGKEY0123456789abcdefABCDEF", region: "eu" },
      ],
      [
        { kind: "opsgenie", apiKey: "5b1f7a9e-1111-4222-8333-444455556666" },
        { kind: "opsgenie", apiKey: "5b1f7a9e-1111-4222-8333-444455556666", region: "us" },
      ],
      [
        { kind: "teams", url: "https://x.logic.azure.com/workflows/a?sig=b", routingKey: "left-over" },
        { kind: "teams", url: "https://x.logic.azure.com/workflows/a?sig=b" },
      ],
      [
        { kind: "discord", url: "https://discord.com/api/webhooks/1/abc" },
        { kind: "discord", url: "https://discord.com/api/webhooks/1/abc" },
      ],
    ];
    for (const [values, body] of cases) {
      const sent = toChannelBody({ ...blank, ...values });
      expect(sent).toEqual({ ...common, ...body });
      expect(channelCreateInput.safeParse(sent).success).toBe(true);
    }
  });

  it("an empty key is refused by the schema with what to enter", () => {
    const r = channelCreateInput.safeParse(toChannelBody({ ...blank, kind: "pagerduty" }));
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(["routingKey"]);
  });
});
