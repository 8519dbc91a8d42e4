// PagerDuty, Opsgenie, Teams and Discord channels end to end: added through the API, alerts raised
// and resolved in the catalog, sent by a real worker to loopback peers that check each service's
// real request format and answer as the service does (test/notifications/service-peers.ts).
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import { createCluster } from "@/lib/clusters/create-cluster";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { until } from "@/test/harness/until";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";
import { startServicePeers, type Service } from "@/test/notifications/service-peers";
import * as channelsApi from "@/app/api/v1/notification-channels/route";
import * as channelApi from "@/app/api/v1/notification-channels/[id]/route";
import * as channelTestApi from "@/app/api/v1/notification-channels/[id]/test/route";

const hex = (n: number) => randomBytes(n).toString("hex");
const PD_KEY = hex(16); // 32 characters, as PagerDuty's integration keys
const PD_UNKNOWN = hex(16);
const OG_KEY = crypto.randomUUID();
const OG_WRONG = crypto.randomUUID();
const TEAMS_SIG = hex(20);
const DISCORD_HOOK = `1122334455667788${Math.floor(Math.random() * 1000)}/${hex(24)}`;

const peers = await startServicePeers({
  pagerdutyKeys: [PD_KEY],
  opsgenieKeys: [OG_KEY],
  teamsSignatures: [TEAMS_SIG],
  discordHooks: [DISCORD_HOOK],
});
afterAll(() => peers.close());
const w = useWorker({
  WAYBACK_NOTIFY_POLL_MS: "200",
  WAYBACK_NOTIFY_RETRY_MS: "200",
  WAYBACK_PAGERDUTY_URL: peers.url,
  WAYBACK_OPSGENIE_URL: peers.url,
});
const web = useWeb(useCatalog(), w.config);
const teamsUrl = (sig: string) => `${peers.url}/workflows/${hex(8)}/triggers/manual/paths/invoke?api-version=1&sig=${sig}`;

/** A cluster of its own for each test, so only that test's channels cover its alerts. */
async function newCluster(): Promise<{ id: string; name: string }> {
  const name = uniqueName("paged");
  const input = { name, host: "127.0.0.1", port: 5432, username: "postgres", password: "unused", sslmode: "disable" as const };
  return { id: (await createCluster(w.db, { input, secretKey: w.config().secretKey })).id, name };
}

async function addChannel(body: Record<string, unknown>): Promise<{ id: string; text: string }> {
  const r = await web.call(channelsApi.POST, {
    method: "POST",
    path: "/api/v1/notification-channels",
    body: { name: uniqueName(String(body.kind)), ...body },
  });
  expect(r.status, r.text).toBe(201);
  return { id: r.json.channel.id, text: r.text };
}

const deliveriesOf = (where: { alertId?: string; channelId: string }) =>
  w.db.notificationDelivery.findMany({ where, include: { attemptRows: { orderBy: { attempt: "asc" } } }, orderBy: { createdAt: "asc" } });

/** The channel's deliveries once `count` of them have ended (sent or failed). */
const settled = (where: { alertId?: string; channelId: string }, count = 1) =>
  until(`${count} deliveries to end`, async () => {
    const ds = await deliveriesOf(where);
    return ds.length >= count && ds.every((d) => d.status !== "pending") ? ds : null;
  });

const accepted = (service: Service, ok: number) => peers.requests.filter((r) => r.service === service && r.status === ok);
const bodyOf = <T>(r: { body: unknown }) => r.body as T;

describe("PagerDuty", () => {
  it("a throttled trigger is retried; the resolve closes the incident under the same dedup key", async () => {
    const cluster = await newCluster();
    const { id: channelId, text } = await addChannel({
      kind: "pagerduty",
      routingKey: PD_KEY,
      severities: ["critical"],
      clusterIds: [cluster.id],
    });
    expect(JSON.parse(text).channel).toMatchObject({ kind: "pagerduty", paging: { region: "us" }, webhook: null, chat: null });
    expect(text).not.toContain(PD_KEY);

    peers.failNext("pagerduty", 429);
    const a = await raiseAlert(w.db, {
      clusterId: cluster.id,
      rule: "archive_failing",
      severity: "critical",
      message: "archive_command is failing.",
    });
    const key = `wayback-${a.id}`;
    const [opened] = await settled({ alertId: a.id, channelId });
    expect(opened!.status).toBe("sent");
    expect(opened!.attemptRows.map((t) => [t.attempt, t.ok, t.response])).toEqual([
      [
        1,
        false,
        'HTTP 429: {"status":"throttle event","message":"Requests for this service are arriving too quickly.  Please retry later."}',
      ],
      [2, true, `HTTP 202: {"status":"success","message":"Event processed","dedup_key":"${key}"}`],
    ]);
    expect(peers.incidents.get(key)).toBe("triggered");
    const trigger = accepted("pagerduty", 202).find((r) => bodyOf<{ dedup_key: string }>(r).dedup_key === key)!;
    expect(trigger.body).toMatchObject({
      routing_key: PD_KEY,
      event_action: "trigger",
      payload: { summary: `Archive failing on ${cluster.name}: archive_command is failing.`, source: cluster.name, severity: "critical" },
    });

    expect(await resolveAlert(w.db, cluster.id, "archive_failing")).toBe(true);
    const both = await settled({ alertId: a.id, channelId }, 2);
    expect(both.map((d) => [d.event, d.status])).toEqual([
      ["opened", "sent"],
      ["resolved", "sent"],
    ]);
    expect(peers.incidents.get(key)).toBe("resolved");
    const events = accepted("pagerduty", 202).filter((r) => bodyOf<{ dedup_key: string }>(r).dedup_key === key);
    expect(events.map((r) => bodyOf<{ event_action: string }>(r).event_action)).toEqual(["trigger", "resolve"]);
  });

  it("a refused key is one failed attempt quoting PagerDuty; Send test opens and resolves a test incident", async () => {
    const cluster = await newCluster();
    const { id: wrongId } = await addChannel({ kind: "pagerduty", routingKey: PD_UNKNOWN, clusterIds: [cluster.id] });
    const a = await raiseAlert(w.db, { clusterId: cluster.id, rule: "rpo_breached", severity: "warning", message: "behind" });
    const [d] = await settled({ alertId: a.id, channelId: wrongId });
    expect(d!.status).toBe("failed");
    expect(d!.attemptRows).toHaveLength(1);
    expect(d!.error).toBe(
      "PagerDuty answered HTTP 400 (Event object is invalid: Invalid routing key) (not retried: check the integration key and the region)",
    );

    const { id: goodId } = await addChannel({ kind: "pagerduty", routingKey: PD_KEY, region: "eu", clusterIds: [cluster.id] });
    const sent = await web.call(channelTestApi.POST, {
      method: "POST",
      path: `/api/v1/notification-channels/${goodId}/test`,
      params: { id: goodId },
    });
    expect(sent.status).toBe(202);
    const [t] = await settled({ channelId: goodId });
    expect(t!.status).toBe("sent");
    const key = `wayback-test-${t!.id}`;
    expect(t!.attemptRows[0]!.response).toBe(
      `HTTP 202: {"status":"success","message":"Event processed","dedup_key":"${key}"}; HTTP 202: {"status":"success","message":"Event processed","dedup_key":"${key}"}`,
    );
    expect(peers.incidents.get(key)).toBe("resolved");
  });

  it("a trigger still failing when its alert resolves is not sent after the resolve", async () => {
    const cluster = await newCluster();
    const { id: channelId } = await addChannel({ kind: "pagerduty", routingKey: PD_KEY, clusterIds: [cluster.id] });
    peers.down.pagerduty = 503;
    const a = await raiseAlert(w.db, { clusterId: cluster.id, rule: "slot_lag", severity: "critical", message: "lag" });
    await until("the first try to fail", async () => (await deliveriesOf({ alertId: a.id, channelId }))[0]?.attemptRows.length);
    await resolveAlert(w.db, cluster.id, "slot_lag");
    delete peers.down.pagerduty;
    const [opened, resolved] = await settled({ alertId: a.id, channelId }, 2);
    expect(opened!.status).toBe("failed");
    expect(opened!.error).toMatch(/^Not sent: the alert resolved before the trigger got through/);
    expect(resolved!.status).toBe("sent");
    const key = `wayback-${a.id}`;
    expect(
      accepted("pagerduty", 202).filter(
        (r) =>
          bodyOf<{ dedup_key: string; event_action: string }>(r).dedup_key === key &&
          bodyOf<{ event_action: string }>(r).event_action === "trigger",
      ),
    ).toEqual([]);
    expect(peers.incidents.has(key)).toBe(false);
  });
});

describe("Opsgenie", () => {
  it("creates an alert aliased by the dedup key with the GenieKey header after a 503, and closes it by alias", async () => {
    const cluster = await newCluster();
    const { id: channelId, text } = await addChannel({ kind: "opsgenie", apiKey: OG_KEY, region: "eu", clusterIds: [cluster.id] });
    expect(text).not.toContain(OG_KEY);
    peers.failNext("opsgenie", 503);
    const a = await raiseAlert(w.db, {
      clusterId: cluster.id,
      rule: "backup_overdue",
      severity: "warning",
      message: "No backup for 30 hours.",
    });
    const alias = `wayback-${a.id}`;
    const [opened] = await settled({ alertId: a.id, channelId });
    expect(opened!.status).toBe("sent");
    expect(opened!.attemptRows.map((t) => t.ok)).toEqual([false, true]);
    expect(opened!.attemptRows[1]!.response).toMatch(/^HTTP 202: \{"result":"Request will be processed"/);
    const create = accepted("opsgenie", 202).find((r) => r.path === "/v2/alerts" && bodyOf<{ alias: string }>(r).alias === alias)!;
    expect(create.headers.authorization).toBe(`GenieKey ${OG_KEY}`);
    expect(create.body).toMatchObject({
      message: `Backup overdue on ${cluster.name}`,
      priority: "P3",
      entity: cluster.name,
      source: "Wayback",
    });
    expect(peers.alerts.get(alias)).toBe("open");

    await resolveAlert(w.db, cluster.id, "backup_overdue");
    await settled({ alertId: a.id, channelId }, 2);
    expect(peers.alerts.get(alias)).toBe("closed");
    expect(accepted("opsgenie", 202).at(-1)!.path).toBe(`/v2/alerts/${alias}/close?identifierType=alias`);
  });

  it("a wrong API key is one failed attempt saying Opsgenie could not authenticate", async () => {
    const cluster = await newCluster();
    const { id: channelId } = await addChannel({ kind: "opsgenie", apiKey: OG_WRONG, clusterIds: [cluster.id] });
    const a = await raiseAlert(w.db, { clusterId: cluster.id, rule: "wal_gap", severity: "critical", message: "gap" });
    const [d] = await settled({ alertId: a.id, channelId });
    expect([d!.status, d!.attemptRows.length]).toEqual(["failed", 1]);
    expect(d!.error).toBe(
      "Opsgenie answered HTTP 401 (Could not authenticate) (not retried: check the API key, its permissions and the region)",
    );
    expect(JSON.stringify(d)).not.toContain(OG_WRONG);
  });
});

describe("Teams and Discord", () => {
  it("Teams gets an Adaptive Card message; a URL with a wrong signature fails once with the flow's message", async () => {
    const cluster = await newCluster();
    const { id: channelId, text } = await addChannel({ kind: "teams", url: teamsUrl(TEAMS_SIG), clusterIds: [cluster.id] });
    expect(JSON.parse(text).channel.chat).toEqual({ target: `${peers.url}/…` });
    expect(text).not.toContain(TEAMS_SIG);
    const { id: badId } = await addChannel({ kind: "teams", url: teamsUrl("forged"), clusterIds: [cluster.id] });
    const a = await raiseAlert(w.db, { clusterId: cluster.id, rule: "cluster_unreachable", severity: "critical", message: "ECONNREFUSED" });
    const [d] = await settled({ alertId: a.id, channelId });
    expect([d!.status, d!.attemptRows[0]!.response]).toEqual(["sent", "HTTP 202"]);
    const card = accepted("teams", 202).at(-1)!.body as { attachments: { content: { body: { text?: string }[] } }[] };
    expect(card.attachments[0]!.content.body[0]!.text).toBe(`[critical] Cluster unreachable on ${cluster.name}`);
    const [bad] = await settled({ alertId: a.id, channelId: badId });
    expect(bad!.error).toBe(
      "The Teams workflow answered HTTP 401 (The request must be authenticated: the signature is not valid.) (not retried: check the workflow's URL)",
    );
  });

  it("Discord: a rate-limited post is retried and lands as content + embed; a bad token fails once; the URL must be Discord's", async () => {
    const cluster = await newCluster();
    const { id: channelId } = await addChannel({
      kind: "discord",
      url: `${peers.url}/api/webhooks/${DISCORD_HOOK}`,
      clusterIds: [cluster.id],
    });
    peers.failNext("discord", 429);
    const a = await raiseAlert(w.db, {
      clusterId: cluster.id,
      rule: "archive_stale",
      severity: "warning",
      message: "@everyone archive is stale",
    });
    const [d] = await settled({ alertId: a.id, channelId });
    expect(d!.attemptRows.map((t) => [t.ok, t.response])).toEqual([
      [false, 'HTTP 429: {"message":"You are being rate limited.","retry_after":0.05,"global":false}'],
      [true, "HTTP 204"],
    ]);
    const post = accepted("discord", 204).at(-1)!.body as { content: string; allowed_mentions: unknown; embeds: { description: string }[] };
    expect(post.content).toBe(`[warning] Archive stale on ${cluster.name}`);
    expect(post.embeds[0]!.description).toMatch(/^@everyone archive is stale/);
    expect(post.allowed_mentions).toEqual({ parse: [] });
    // Its own alert, after the first settled: a post to it must not take the 429 meant for the other.
    const [id] = DISCORD_HOOK.split("/");
    const { id: badId } = await addChannel({
      kind: "discord",
      url: `${peers.url}/api/webhooks/${id}/not-the-token`,
      clusterIds: [cluster.id],
    });
    const b = await raiseAlert(w.db, { clusterId: cluster.id, rule: "archive_failing", severity: "critical", message: "archive failing" });
    const [bad] = await settled({ alertId: b.id, channelId: badId });
    expect(bad!.error).toBe("The Discord webhook answered HTTP 401 (Invalid Webhook Token) (not retried: check the webhook's URL)");

    // Editing refuses a URL that is not a Discord webhook, and settings of another kind.
    const patch = (body: unknown) =>
      web.call(channelApi.PATCH, { method: "PATCH", path: `/api/v1/notification-channels/${channelId}`, params: { id: channelId }, body });
    const notDiscord = await patch({ url: "https://hooks.slack.com/services/T/B/X" });
    expect([notDiscord.status, notDiscord.json.error.fields.url[0]]).toEqual([
      400,
      expect.stringMatching(/^A Discord webhook URL looks like/),
    ]);
    const foreign = await patch({ routingKey: PD_KEY });
    expect([foreign.status, foreign.json.error.message]).toEqual([
      400,
      expect.stringMatching(/^routingKey does not apply to discord channels/),
    ]);
  });
});

it("no key, signature or token reached the logs", () => {
  const logs = web.logs.join("\n");
  for (const secret of [PD_KEY, PD_UNKNOWN, OG_KEY, OG_WRONG, TEAMS_SIG, DISCORD_HOOK.split("/")[1]!]) expect(logs).not.toContain(secret);
});
