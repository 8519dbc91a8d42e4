import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { startServicePeers } from "../test/notifications/service-peers";
import { apiDelete, openClusterTab, shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 180_000 });

// A cluster whose server is gone: the monitor raises "Cluster unreachable"; it shows in the
// navigation badge, on the alerts page and on the cluster's page, and is acknowledged with a comment.
test("an unreachable cluster's alert shows in the badge, on the alerts page and on the cluster, and is acknowledged with a comment", async ({
  page,
}) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  const name = unique("gone");
  // Port 9 (discard) on loopback: nothing listens, every connection is refused.
  const created = await page.request.post("/api/v1/clusters", {
    headers: { origin: baseURL },
    data: { name, host: "127.0.0.1", port: 9, username: "wayback", password: "x", sslmode: "disable" },
  });
  expect(created.status()).toBe(201);
  const clusterId = (await created.json()).cluster.id as string;

  try {
    await page.goto("/alerts");
    const card = page.getByRole("article", { name: `Cluster unreachable on ${name}` });
    await expect(card).toBeVisible({ timeout: 90_000 });
    await expect(card.getByText(/Wayback cannot connect to .*ECONNREFUSED/)).toBeVisible();
    await expect(page.getByTestId("open-alert-count")).toBeVisible();
    await shoot(page, "alerts-page");

    // The cluster page shows it as a banner.
    await page.goto(`/clusters/${clusterId}`);
    const banner = page.getByRole("region", { name: /unresolved alert/ }).getByRole("article", { name: `Cluster unreachable on ${name}` });
    await expect(banner).toBeVisible();
    await expect(
      page.getByRole("list", { name: "Cluster summary" }).getByRole("listitem").filter({ hasText: "Open alerts" }),
    ).toContainText("1 critical");
    // The banner stays above whichever section is open.
    await openClusterTab(page, "Readiness");
    await expect(banner).toBeVisible();
    await expect(page.getByRole("list", { name: "Production checklist" })).toBeVisible();
    await shoot(page, "cluster-alert-banner");

    // Acknowledge with a comment, from the cluster page.
    await banner.getByRole("button", { name: "Acknowledge" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Comment").fill("Decommissioned host; removing the cluster.");
    await dialog.getByRole("button", { name: "Acknowledge" }).click();
    await expect(dialog).toBeHidden();
    await expect(banner.getByText(/Acknowledged by admin .*: “Decommissioned host; removing the cluster\.”/)).toBeVisible();
    await expect(banner.getByText("acknowledged", { exact: true })).toBeVisible();

    // The alerts page lists it among acknowledged ones.
    await page.goto("/alerts");
    await page.getByLabel("State").selectOption("acknowledged");
    await expect(
      page
        .getByRole("article", { name: `Cluster unreachable on ${name}` })
        .getByText("Decommissioned host; removing the cluster.", { exact: false }),
    ).toBeVisible();
    await shoot(page, "alerts-acknowledged");
  } finally {
    await apiDelete(page, `/api/v1/clusters/${clusterId}?${new URLSearchParams({ confirm: name })}`);
  }
});

test("a webhook channel is added, tested, and never shows its URL's token", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  await page.goto("/notifications");
  await page.getByRole("button", { name: "Add channel" }).click();
  const form = page.getByRole("form", { name: "New notification channel" });
  const name = unique("hook");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("URL").fill("ftp://nope");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByText("Enter a full http(s) URL")).toBeVisible();
  // Nothing listens on port 9: the test is attempted, retried, and its attempts listed.
  await form.getByLabel("URL").fill("http://127.0.0.1:9/services/SECRET-TOKEN");
  await form.getByLabel("Payload").selectOption("slack");
  await form.getByRole("button", { name: "Add channel" }).click();
  const card = page.getByRole("article", { name: `Channel ${name}` });
  await expect(card).toBeVisible();
  await expect(card.getByText("http://127.0.0.1:9/…")).toBeVisible();
  await expect(page.getByText("SECRET-TOKEN")).toHaveCount(0);
  await card.getByRole("button", { name: "Send test" }).click();
  await card.getByText("Recent deliveries").click();
  await expect(
    card
      .getByRole("list", { name: "Deliveries" })
      .getByText(/failed: Could not reach the webhook/)
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await shoot(page, "notifications");
  const body = await (await page.request.get("/api/v1/notification-channels")).text();
  expect(body).not.toContain("SECRET-TOKEN");
  // Narrow it to critical alerts; a bad new URL is refused and changes nothing.
  await card.getByRole("button", { name: "Edit" }).click();
  const edit = card.getByRole("form", { name: `Edit channel ${name}` });
  await edit.getByLabel("warning").uncheck();
  await edit.getByLabel("New URL").fill("not a url");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText("Enter a full http(s) URL")).toBeVisible();
  await edit.getByLabel("New URL").fill("");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(card.getByText(/severities critical ·/)).toBeVisible();
  await card.getByRole("button", { name: "Disable" }).click();
  await expect(card.getByText("disabled", { exact: true })).toBeVisible();
});

// PagerDuty and Discord channels through the form: a key of the wrong shape is refused with what to
// enter; a Discord test reaches a Discord peer on loopback (test/notifications/service-peers.ts,
// which checks Discord's format); no key or token ever reaches the page or the API's answers.
test("PagerDuty and Discord channels are added in the browser; the Discord test lands on its peer; keys stay hidden", async ({ page }) => {
  const KEY = "PDkey0123456789abcdefghijklmnopq";
  const HOOK = "1234567890/e2e-Discord-TOKEN";
  const peers = await startServicePeers({ pagerdutyKeys: [], opsgenieKeys: [], teamsSignatures: [], discordHooks: [HOOK] });
  const pagerName = unique("pager");
  const discordName = unique("discord");
  try {
    await signIn(page);
    // Sign-in hashes with argon2: on a loaded machine it can take longer than one expect timeout.
    await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible({ timeout: 90_000 });
    await page.goto("/notifications");
    await page.getByRole("button", { name: "Add channel" }).click();
    const form = page.getByRole("form", { name: "New notification channel" });
    await form.getByLabel("Name", { exact: true }).fill(pagerName);
    await form.getByLabel("Kind").selectOption("pagerduty");
    await form.getByLabel("Integration key").fill("too-short");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByText("Enter the 32-character integration key")).toBeVisible();
    await form.getByLabel("Integration key").fill(KEY);
    await form.getByLabel("Service region").selectOption("eu");
    await form.getByRole("button", { name: "Add channel" }).click();
    const pager = page.getByRole("article", { name: `Channel ${pagerName}` });
    await expect(pager.getByText("PagerDuty Events API v2, EU service")).toBeVisible();

    await page.getByRole("button", { name: "Add channel" }).click();
    await form.getByLabel("Name", { exact: true }).fill(discordName);
    await form.getByLabel("Kind").selectOption("discord");
    await form.getByLabel("Webhook URL").fill(`${peers.url}/services/not-discord`);
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByText(/A Discord webhook URL looks like/)).toBeVisible();
    await form.getByLabel("Webhook URL").fill(`${peers.url}/api/webhooks/${HOOK}`);
    await form.getByRole("button", { name: "Add channel" }).click();
    const discord = page.getByRole("article", { name: `Channel ${discordName}` });
    await expect(discord.getByText(`${peers.url}/…`)).toBeVisible();
    await discord.getByRole("button", { name: "Send test" }).click();
    await discord.getByText("Recent deliveries").click();
    await expect(discord.getByRole("list", { name: "Deliveries" }).getByText("delivered (HTTP 204)")).toBeVisible({ timeout: 30_000 });
    expect(peers.requests.at(-1)!.body).toMatchObject({ content: `Wayback test notification for channel "${discordName}"` });
    await shoot(page, "notifications-paging");

    const api = await (await page.request.get("/api/v1/notification-channels")).text();
    for (const text of [api, await page.content()]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("e2e-Discord-TOKEN");
    }
  } finally {
    // Left enabled, these channels would page PagerDuty and the closed peer for every later alert.
    const { channels } = (await (await page.request.get("/api/v1/notification-channels")).json()) as {
      channels: { id: string; name: string }[];
    };
    for (const channel of channels.filter((c) => c.name === pagerName || c.name === discordName)) {
      await apiDelete(page, `/api/v1/notification-channels/${channel.id}`);
    }
    await peers.close();
  }
});

test("a cluster page shows the monitor's last look, its recent WAL rate and the production checklist", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  const monitoring = page.getByRole("region", { name: "Monitoring" });
  await expect(monitoring.getByText("Writing WAL segment")).toBeVisible({ timeout: 60_000 });
  await expect(monitoring.getByRole("img", { name: /^WAL write rate: now / })).toBeVisible({ timeout: 60_000 });
  await openClusterTab(page, "Readiness");
  const checklist = page.getByRole("list", { name: "Production checklist" });
  await expect(checklist.getByRole("listitem")).toHaveCount(8);
  await expect(checklist.getByText("Retention policy defined and enforced")).toBeVisible();
  await shoot(page, "cluster-monitoring");
});
