import { discordMessage } from "@/lib/domain/notification-discord";
import { emailMessage, webhookBody, type NotificationSubject } from "@/lib/domain/notification-message";
import { OPSGENIE_API, opsgeniePosts } from "@/lib/domain/notification-opsgenie";
import { PAGERDUTY_API, pagerdutyPosts } from "@/lib/domain/notification-pagerduty";
import { teamsMessage } from "@/lib/domain/notification-teams";
import type { OutgoingPost } from "@/lib/domain/outgoing-post";
import type { ChannelTarget } from "@/lib/notify/channels";
import { postJson } from "@/lib/notify/post-json";
import { sendEmail } from "@/lib/notify/send-email";

/** The operator's replacements for the paging services' API bases (WAYBACK_PAGERDUTY_URL, …). */
export interface ServiceApiUrls {
  pagerduty?: string;
  opsgenie?: string;
}

/**
 * One try of a message over a channel: the body its kind takes, to its URL or its service's API
 * (the channel's region, unless the operator replaced the base). A delivery of several requests
 * (a test opens and resolves) stops at the first failure; its responses are joined.
 */
export async function sendToChannel(
  target: ChannelTarget,
  subject: NotificationSubject,
  opts: { apiUrls: ServiceApiUrls; signal: AbortSignal },
): Promise<{ response: string }> {
  const { signal } = opts;
  switch (target.kind) {
    case "email":
      return sendEmail(target, emailMessage(subject), signal);
    case "webhook":
      return postJson(target.url, webhookBody(subject, target.format), {
        peer: "the webhook",
        hint: "check the URL and the receiving end",
        signal,
      });
    case "teams":
      return postJson(target.url, teamsMessage(subject), { peer: "the Teams workflow", hint: "check the workflow's URL", signal });
    case "discord":
      return postJson(target.url, discordMessage(subject), { peer: "the Discord webhook", hint: "check the webhook's URL", signal });
    case "pagerduty":
      return postAll(opts.apiUrls.pagerduty ?? PAGERDUTY_API[target.region], pagerdutyPosts(subject, target.routingKey), {
        peer: "PagerDuty",
        hint: "check the integration key and the region",
        secrets: [target.routingKey],
        signal,
      });
    case "opsgenie":
      return postAll(opts.apiUrls.opsgenie ?? OPSGENIE_API[target.region], opsgeniePosts(subject), {
        peer: "Opsgenie",
        hint: "check the API key, its permissions and the region",
        headers: { authorization: `GenieKey ${target.apiKey}` },
        secrets: [target.apiKey],
        signal,
      });
  }
}

async function postAll(base: string, posts: OutgoingPost[], opts: Parameters<typeof postJson>[2]): Promise<{ response: string }> {
  const responses: string[] = [];
  // Appended, not resolved: an operator's relay base may have a path of its own.
  for (const p of posts) responses.push((await postJson(`${base.replace(/\/+$/, "")}${p.path}`, p.body, opts)).response);
  return { response: responses.join("; ") };
}
