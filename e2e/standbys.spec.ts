import { expect, test, type Page } from "@playwright/test";
import { createTestCluster, type TestCluster } from "../test/harness/cluster";
import { createTestStandby, stopServer, type TestStandby } from "../test/harness/standby";
import { apiDelete, openClusterTab, shoot, signIn, unique } from "./helpers";

// A primary and a streaming standby of its own (the project's instance code, as the integration
// tests make them), registered in the browser as one cluster with a standby: the page says which
// host is primary, a backup is taken from the standby, and after a failover the page names the
// new primary and the timeline picture marks the switch to timeline 2.
let primary: TestCluster;
let standby: TestStandby;
test.beforeAll(async () => {
  primary = await createTestCluster();
  standby = await createTestStandby(primary);
});
test.afterAll(async () => {
  await standby?.destroy();
  await primary?.destroy();
});

const address = (c: { port: number }) => `127.0.0.1:${c.port}`;

/** One host's entry under the cluster's heading, with the role the newest monitor sample gave it. */
const hostEntry = (page: Page, c: { port: number }) =>
  page
    .getByLabel("Database hosts")
    .locator(":scope > span")
    .filter({ hasText: address(c) });

test("a cluster with a standby: the page names the primary, backs up from the standby, and follows a failover onto timeline 2", async ({
  page,
}) => {
  test.setTimeout(480_000);
  await signIn(page);
  // Sign-in hashes the password with argon2: a minute on a loaded machine.
  await expect(page).toHaveURL(/\/clusters$/, { timeout: 60_000 });
  const name = unique("standbys");
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(primary.port));
  await page.getByLabel("Other hosts (standbys)").fill(address(standby));
  await page.getByLabel("Database").fill("postgres");
  await page.getByLabel("User").fill("postgres");
  await page.getByLabel("Password").fill(primary.password);
  await page.getByLabel("Back up from").selectOption("prefer-standby");
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const clusterId = page.url().split("/clusters/")[1]!.split(/[/?]/)[0]!;

  try {
    // The roles come from the monitor's samples: the page is read again until one has been taken.
    await expect(async () => {
      await page.reload();
      await expect(hostEntry(page, primary)).toContainText("primary", { timeout: 2_000 });
      await expect(hostEntry(page, standby)).toContainText("standby", { timeout: 2_000 });
    }).toPass({ timeout: 120_000 });
    await shoot(page, "standbys-roles");

    await openClusterTab(page, "Backups");
    const backUp = page.getByRole("button", { name: "Back up now" });
    await expect(backUp).toBeEnabled({ timeout: 120_000 });
    await backUp.click();
    const newest = page
      .getByRole("table", { name: /backups/i })
      .getByRole("row")
      .nth(1);
    await expect(newest.getByText("Complete")).toBeVisible({ timeout: 240_000 });
    // Taken from the standby, as the cluster asks.
    await expect(newest).toContainText(address(standby));

    // The failover: the standby is promoted, the old primary goes away, and writes go on.
    await standby.promote();
    await stopServer(primary);
    await expect.poll(async () => (await standby.query("SELECT NOT pg_is_in_recovery() AS rw")).rows[0].rw, { timeout: 60_000 }).toBe(true);
    await standby.query("CREATE TABLE after_failover AS SELECT g FROM generate_series(1, 1000) g");
    await standby.query("SELECT pg_switch_wal()");

    await page.goto(`/clusters/${clusterId}`);
    await expect(async () => {
      await page.reload();
      await expect(hostEntry(page, standby)).toContainText("primary", { timeout: 2_000 });
      await expect(hostEntry(page, primary)).toContainText("unreachable", { timeout: 2_000 });
    }).toPass({ timeout: 120_000 });
    // The receiver follows the new primary and archives its history file: the picture marks the switch.
    const switchMark = page.getByRole("img", { name: "Recovery timeline" }).locator('g[data-kind="timeline-switch"][data-timeline="2"]');
    await expect(async () => {
      await page.reload();
      await expect(switchMark).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 180_000 });
    await expect(switchMark).toContainText("TL 2");
    await shoot(page, "standbys-failover");
  } finally {
    // Its servers are gone after this spec: the cluster goes too, so no later spec meets its alerts.
    await apiDelete(page, `/api/v1/clusters/${clusterId}?confirm=${encodeURIComponent(name)}`);
  }
});
