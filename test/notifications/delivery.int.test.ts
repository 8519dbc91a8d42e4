// Notifications end to end through a real worker: alert events become deliveries on the channels
// that cover them, sent to a real loopback webhook receiver and a real loopback SMTP server,
// retried with backoff and every attempt recorded; secrets stay encrypted and out of API views
// and job payloads.
import { beforeAll, describe, expect, it } from "vitest";
import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import { createCluster } from "@/lib/clusters/create-cluster";
import { channelSecretContext, createChannel, getChannel, listChannels, updateChannel } from "@/lib/notify/channels";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { sendTestNotification } from "@/lib/notify/send-test";
import { getAlert } from "@/lib/alerts/find-alerts";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { useWebhookReceiver } from "@/test/monitoring/webhook-receiver";
import { useSmtpReceiver } from "@/test/notifications/smtp-receiver";

const w = useWorker({ WAYBACK_NOTIFY_POLL_MS: "200", WAYBACK_NOTIFY_RETRY_MS: "200" });
const source = useTestCluster();
const hook = useWebhookReceiver();
const SMTP = { username: "wayback", password: "smtp-Pa55-word" };
const smtp = useSmtpReceiver(SMTP);
const TOKEN = "T0KEN-abc123";
let clusterId: string;
let otherClusterId: string;
let webhookId: string;

const key = () => w.config().secretKey;
const deliveriesOf = (alertId: string, channelId: string) =>
  w.db.notificationDelivery.findMany({
    where: { alertId, channelId },
    include: { attemptRows: { orderBy: { attempt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

beforeAll(async () => {
  const c = source();
  const input = { host: c.host, port: c.port, username: c.superuser, password: c.password, sslmode: "disable" as const };
  ({ id: clusterId } = await createCluster(w.db, { input: { name: uniqueName("notify"), ...input }, secretKey: key() }));
  ({ id: otherClusterId } = await createCluster(w.db, { input: { name: uniqueName("other"), ...input }, secretKey: key() }));
  ({ id: webhookId } = await createChannel(w.db, {
    input: {
      kind: "webhook",
      name: uniqueName("slack"),
      url: hook.url(`/services/${TOKEN}`),
      format: "slack",
      severities: ["critical"],
      clusterIds: [clusterId],
    },
    secretKey: key(),
  }));
});

describe("notifications", () => {
  it("retries a webhook that fails twice with backoff, records all three attempts, then sends the resolve", async () => {
    hook.failNext(500, 503);
    const { id: alertId, opened } = await raiseAlert(w.db, {
      clusterId,
      rule: "archive_failing",
      severity: "critical",
      message: "archive_command is failing on 000000010000000000000003.",
    });
    expect(opened).toBe(true);
    const [delivery] = await until("the delivery to be sent", async () => {
      const d = await deliveriesOf(alertId, webhookId);
      return d[0]?.status === "sent" ? d : null;
    });
    expect(delivery!.event).toBe("opened");
    expect(delivery!.attempts).toBe(3);
    expect(delivery!.attemptRows.map((a) => [a.attempt, a.ok, a.response])).toEqual([
      [1, false, "HTTP 500: try again later"],
      [2, false, "HTTP 503: try again later"],
      [3, true, "HTTP 200: ok"],
    ]);
    // Exponential backoff from 200 ms: the second retry waited longer than the first.
    const [a1, a2, a3] = delivery!.attemptRows;
    expect(a2!.startedAt.getTime() - a1!.startedAt.getTime()).toBeGreaterThanOrEqual(200);
    expect(a3!.startedAt.getTime() - a2!.startedAt.getTime()).toBeGreaterThanOrEqual(400);
    // Slack-compatible body, to the URL with its token.
    const slack = hook.received.filter((r) => r.path === `/services/${TOKEN}`);
    expect(slack.at(-1)!.body).toEqual({
      text: expect.stringMatching(
        /^\*\[critical\] Archive failing on notify-[0-9a-f]+\*\narchive_command is failing on 000000010000000000000003\./,
      ),
    });

    // Raising the same condition again sends nothing new; resolving it sends the resolve.
    expect((await raiseAlert(w.db, { clusterId, rule: "archive_failing", severity: "critical", message: "still failing" })).opened).toBe(
      false,
    );
    expect(await resolveAlert(w.db, clusterId, "archive_failing")).toBe(true);
    const all = await until("the resolve to be sent", async () => {
      const d = await deliveriesOf(alertId, webhookId);
      return d.length === 2 && d[1]!.status === "sent" ? d : null;
    });
    expect(all.map((d) => d.event)).toEqual(["opened", "resolved"]);
    const lastSlack = hook.received.filter((r) => r.path === `/services/${TOKEN}`).at(-1)!;
    expect((lastSlack.body as { text: string }).text).toMatch(/^\*\[resolved\] Archive failing/);
    // The alert's API view lists both deliveries with their attempts.
    const view = await getAlert(w.db, alertId);
    expect(view.deliveries.map((d) => [d.event, d.status, d.attempts.length])).toEqual([
      ["opened", "sent", 3],
      ["resolved", "sent", 1],
    ]);
  });

  it("sends only what a channel covers: its severities and its clusters", async () => {
    const warning = await raiseAlert(w.db, { clusterId, rule: "backup_overdue", severity: "warning", message: "overdue" });
    const elsewhere = await raiseAlert(w.db, { clusterId: otherClusterId, rule: "wal_gap", severity: "critical", message: "gap" });
    // A marker alert the channel does cover, raised last: once it is delivered, the others were dispatched too.
    const marker = await raiseAlert(w.db, { clusterId, rule: "wal_gap", severity: "critical", message: "gap here" });
    await until("the marker to be sent", async () => (await deliveriesOf(marker.id, webhookId))[0]?.status === "sent");
    expect(await deliveriesOf(warning.id, webhookId)).toEqual([]);
    expect(await deliveriesOf(elsewhere.id, webhookId)).toEqual([]);
  });

  it("does not retry what cannot succeed (a 404), and records the one attempt", async () => {
    hook.failNext(404);
    const a = await raiseAlert(w.db, { clusterId, rule: "rpo_breached", severity: "critical", message: "behind" });
    const [d] = await until("the delivery to fail", async () => {
      const ds = await deliveriesOf(a.id, webhookId);
      return ds[0]?.status === "failed" ? ds : null;
    });
    expect(d!.attemptRows).toHaveLength(1);
    expect(d!.error).toMatch(/HTTP 404.*not retried: check the URL/);
    expect(d!.error).not.toContain(TOKEN);
  });

  it("emails over SMTP with a login, sends a test on request, and keeps secrets out of views, rows and job payloads", async () => {
    const { id: emailId } = await createChannel(w.db, {
      input: {
        kind: "email",
        name: uniqueName("dba"),
        host: "127.0.0.1",
        port: smtp.port(),
        security: "none",
        username: SMTP.username,
        password: SMTP.password,
        from: "wayback@example.com",
        to: ["dba@example.com", "ops@example.com"],
        severities: ["warning", "critical"],
      },
      secretKey: key(),
    });
    const a = await raiseAlert(w.db, {
      clusterId,
      rule: "cluster_unreachable",
      severity: "critical",
      message: "Wayback cannot connect: ECONNREFUSED.",
    });
    const [d] = await until("the email to be sent", async () => {
      const ds = await deliveriesOf(a.id, emailId);
      return ds[0]?.status === "sent" ? ds : null;
    });
    expect(d!.attemptRows[0]!.response).toMatch(/^250/);
    const mail = smtp.mails.find((m) => m.data.includes("Cluster unreachable"))!;
    expect(mail).toMatchObject({ from: "wayback@example.com", to: ["dba@example.com", "ops@example.com"], user: SMTP.username });
    expect(mail.data).toMatch(/Subject: Wayback: \[critical\] Cluster unreachable on notify-/);
    expect(mail.data).toContain("ECONNREFUSED");

    // Send test.
    const before = smtp.mails.length;
    const { deliveryId } = await sendTestNotification(w.db, w.queue(), { channelId: emailId, retryMs: 200 });
    await until(
      "the test email",
      async () => (await w.db.notificationDelivery.findUnique({ where: { id: deliveryId } }))?.status === "sent",
    );
    // (The subject is MIME-encoded because of its quotes; the body's first line is the same text.)
    expect(smtp.mails.slice(before).map((m) => m.data)).toContainEqual(
      expect.stringMatching(/\n\r?\nWayback test notification for channel "dba-[0-9a-f]+"\r?\n/),
    );

    // Secrets: encrypted in the row, absent from the API views, absent from the queue's job data.
    const rows = await w.db.notificationChannel.findMany({ where: { id: { in: [emailId, webhookId] } } });
    for (const r of rows) {
      expect(JSON.stringify(r)).not.toContain(SMTP.password);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
    expect(decryptSecret(rows.find((r) => r.id === emailId)!.secretEncrypted!, key(), channelSecretContext(emailId))).toBe(SMTP.password);
    const views = JSON.stringify([await listChannels(w.db), await getChannel(w.db, emailId)]);
    expect(views).not.toContain(SMTP.password);
    expect(views).not.toContain(TOKEN);
    expect(views).toContain("http://127.0.0.1");
    const job = await w.queue().getJob(d!.jobId!);
    expect(job?.data).toEqual({ jobId: d!.jobId, deliveryId: d!.id });
  });

  it("a disabled channel gets nothing; editing refuses settings of the other kind, naming them", async () => {
    await updateChannel(w.db, { id: webhookId, input: { enabled: false }, secretKey: key() });
    const marker = await raiseAlert(w.db, { clusterId, rule: "slot_lag", severity: "critical", message: "lag" });
    await until(
      "the event to be dispatched",
      async () => (await w.db.alertEvent.findFirst({ where: { alertId: marker.id } }))?.dispatchedAt != null,
    );
    expect(await deliveriesOf(marker.id, webhookId)).toEqual([]);
    await expect(updateChannel(w.db, { id: webhookId, input: { host: "smtp.example.com" }, secretKey: key() })).rejects.toThrow(
      /host does not apply to webhook channels/,
    );
  });
});
