import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { baseURL } from "../playwright.config";
import { demoInstance, shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 240_000 });

async function demoSql(sql: string): Promise<pg.QueryResult> {
  const demo = demoInstance();
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user: "wayback", password: demo.password, database: "demo" });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openDemo(page: Page): Promise<string> {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  // The first start's backup must be done before anything can be restored.
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 120_000 });
  return page.url().split("/clusters/")[1]!;
}

/** Until the archive holds everything up to now (the timeline's window reaches `lsn`). */
async function waitForArchive(page: Page, clusterId: string, lsn: string) {
  const toNum = (l: string) => l.split("/").reduce((acc, h) => acc * 2n ** 32n + BigInt(`0x${h}`), 0n);
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/v1/clusters/${clusterId}/timeline`);
        const { timeline } = await res.json();
        return timeline.windows.some((w: { to: { lsn: string } }) => toNum(w.to.lsn) >= toNum(lsn));
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(true);
}

test("click a moment on the timeline: the form opens with that time; a time in a gap or the future is refused with the nearest moments", async ({
  page,
}) => {
  const clusterId = await openDemo(page);
  // Something committed after the backup, archived: the window is more than the backup's end.
  await demoSql("CREATE TABLE IF NOT EXISTS e2e_ticks (at timestamptz DEFAULT now()); INSERT INTO e2e_ticks DEFAULT VALUES");
  const { rows } = await demoSql("SELECT pg_current_wal_lsn()::text AS lsn");
  await demoSql("SELECT pg_switch_wal()");
  await waitForArchive(page, clusterId, rows[0].lsn);
  await page.reload();
  const band = page.getByRole("img", { name: "Recovery timeline" }).locator('rect[data-kind="window"]').first();
  await expect(band).toBeVisible();
  // Backup markers sit on the band; the picker reads the position, whatever element is on top.
  // Near its right end: the newest moments, after any restore point an earlier test's drill made.
  const box = (await band.boundingBox())!;
  await band.click({ force: true, position: { x: box.width - 3, y: box.height / 2 } });
  await expect(page).toHaveURL(/\/restore\?time=/);
  await expect(page.getByRole("textbox", { name: "Time", exact: true })).not.toHaveValue("");
  await expect(page.getByRole("region", { name: "Plan" })).toContainText(/backup/i);

  // A moment an hour from now cannot be recovered yet.
  const future = new Date(Date.now() + 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const local = `${future.getFullYear()}-${pad(future.getMonth() + 1)}-${pad(future.getDate())} ${pad(future.getHours())}:${pad(future.getMinutes())}:${pad(future.getSeconds())}`;
  await page.getByRole("textbox", { name: "Time", exact: true }).fill(local);
  const plan = page.getByRole("region", { name: "Plan" });
  await expect(plan).toContainText(/future/i);
  await expect(plan.getByRole("button", { name: /nearest earlier moment/ })).toBeVisible();
  await shoot(page, "restore-refused");
});

test("zoom the timeline: the visible range follows the buttons and the overview brush, and a click picks a moment to the millisecond into the form", async ({
  page,
}) => {
  const clusterId = await openDemo(page);
  const { rows } = await demoSql("SELECT pg_current_wal_lsn()::text AS lsn");
  await demoSql("SELECT pg_switch_wal()");
  await waitForArchive(page, clusterId, rows[0].lsn);
  await page.reload();

  const zoom = page.getByRole("group", { name: "Timeline zoom" });
  const range = page.getByTestId("timeline-range");
  await expect(range).toHaveText(/^Everything, /);
  await zoom.getByRole("button", { name: "Fit window" }).click();
  await expect(range).toHaveText(/^Showing /);
  const fitted = (await range.textContent())!;

  // A brush across the overview strip shows that range instead.
  const strip = page.getByTestId("timeline-overview");
  const box = (await strip.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(range).not.toHaveText(fitted);
  await expect(range).toHaveText(/^Showing /);
  await zoom.getByRole("button", { name: "Fit all" }).click();
  await expect(range).toHaveText(/^Everything, /);

  // Zoomed into the middle of the newest window until a second fills the chart: a pixel is about a millisecond.
  await zoom.getByRole("button", { name: "Fit window" }).click();
  for (let i = 0; i < 30 && !/\(1\.0 s\)$/.test((await range.textContent()) ?? ""); i++)
    await zoom.getByRole("button", { name: "Zoom in" }).click();
  await expect(range).toHaveText(/\(1\.0 s\)$/);
  await shoot(page, "timeline-zoomed");
  const chart = page.getByRole("img", { name: "Recovery timeline" });
  const chartBox = (await chart.boundingBox())!;
  // The first lane's middle (see recovery-timeline.tsx: TOP + LANE_H / 2), half-way across.
  await chart.click({ position: { x: chartBox.width / 2, y: 36 } });
  await expect(page).toHaveURL(/\/restore\?time=[^&]*\.\d{3,6}Z/);
  await expect(page.getByRole("textbox", { name: "Time", exact: true })).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3,6}$/);
  await expect(page.getByTestId("timeline-chosen")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Plan" })).toContainText(/backup/i);
  await shoot(page, "restore-form-subsecond");
});

test("restore to a restore point made before a DELETE: the new instance has the rows back", async ({ page }) => {
  const clusterId = await openDemo(page);
  await demoSql("DROP TABLE IF EXISTS e2e_orders");
  await demoSql("CREATE TABLE e2e_orders AS SELECT g AS id, 'order ' || g AS item FROM generate_series(1, 250) g");

  await page.getByRole("button", { name: "Create restore point" }).click();
  await page.getByLabel("Restore point name").fill("before-e2e-delete");
  await page.getByRole("dialog").getByRole("button", { name: "Create restore point" }).click();
  await expect(page.getByRole("link", { name: "Restore to restore point before-e2e-delete" })).toBeVisible();

  await demoSql("DELETE FROM e2e_orders"); // the accident
  const { rows } = await demoSql("SELECT pg_current_wal_lsn()::text AS lsn");
  await demoSql("SELECT pg_switch_wal()");
  await waitForArchive(page, clusterId, rows[0].lsn);
  await shoot(page, "timeline-restore-point");

  await page.getByRole("link", { name: "Restore to restore point before-e2e-delete" }).click();
  await expect(page).toHaveURL(/\/restore\?name=before-e2e-delete/);
  const plan = page.getByRole("region", { name: "Plan" });
  await expect(plan).toContainText(/backup/i);
  await shoot(page, "restore-plan");
  await page.getByRole("button", { name: "Start restore" }).click();

  await expect(page).toHaveURL(/\/restores\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { name: "Restore", exact: true })).toBeVisible();
  await expect(page.getByLabel("Connection string", { exact: true })).toContainText(/^postgresql:\/\/wayback@127\.0\.0\.1:\d+\/demo$/, {
    timeout: 120_000,
  });
  const counts = page.getByRole("table", { name: "Row counts" });
  await expect(counts.getByRole("row").filter({ hasText: "public.e2e_orders" })).toContainText("250");
  await shoot(page, "restore-done");

  // The copy is real: connect and count.
  const url = new URL((await page.getByLabel("Connection string", { exact: true }).textContent())!);
  const demo = demoInstance();
  const countRows = async () => {
    const copy = new pg.Client({ host: url.hostname, port: Number(url.port), user: "wayback", password: demo.password, database: "demo" });
    await copy.connect();
    try {
      return (await copy.query("SELECT count(*)::int AS n FROM e2e_orders")).rows[0].n;
    } finally {
      await copy.end();
    }
  };
  expect(await countRows()).toBe(250);

  // Discarding destroys the instance: it asks first, and Cancel leaves the copy running.
  await page.getByRole("button", { name: "Discard copy" }).click();
  const dialog = page.getByRole("dialog", { name: "Discard this copy?" });
  await expect(dialog).toContainText(`port ${url.port}`);
  await shoot(page, "restore-discard-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await countRows()).toBe(250);

  await page.getByRole("button", { name: "Discard copy" }).click();
  await dialog.getByRole("button", { name: "Discard copy" }).click();
  await expect(page.getByText("Discarded")).toBeVisible({ timeout: 60_000 });
});

test("a promote the worker cannot carry out shows the worker's error instead of working forever", async ({ page }) => {
  const clusterId = await openDemo(page);
  const name = `e2e-pause-${Date.now().toString(36)}`;
  expect(
    (await page.request.post(`/api/v1/clusters/${clusterId}/restore-points`, { headers: { origin: baseURL }, data: { name } })).status(),
  ).toBe(201);
  const { rows } = await demoSql("SELECT pg_current_wal_lsn()::text AS lsn");
  await demoSql("SELECT pg_switch_wal()");
  await waitForArchive(page, clusterId, rows[0].lsn);

  await page.goto(`/clusters/${clusterId}/restore?name=${name}`);
  await page.getByLabel("Pause at the target (inspect before promoting)").check();
  await page.getByRole("button", { name: "Start restore" }).click();
  await expect(page).toHaveURL(/\/restores\/[0-9a-f-]+$/);
  await expect(page.getByText("Paused at target").first()).toBeVisible({ timeout: 150_000 });

  // The copy goes away behind Wayback's back (a crash, an operator): promoting it cannot work.
  const restoreId = page.url().split("/restores/")[1]!;
  const { restore } = await (await page.request.get(`/api/v1/restores/${restoreId}`)).json();
  const pidFile = path.join(restore.dataDir, "postmaster.pid");
  process.kill(Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]), "SIGINT");
  await expect.poll(() => fs.existsSync(pidFile), { timeout: 60_000 }).toBe(false);

  await page.getByRole("button", { name: "Promote" }).click();
  const failure = page.getByRole("alert").filter({ hasText: "Promoting the copy failed." });
  await expect(failure).toBeVisible({ timeout: 90_000 });
  await expect(failure).toContainText("The copy's server is not running (no socket at ");
  await expect(failure).toContainText("start it again or discard the copy");
  await expect(page.getByText("Working…")).toHaveCount(0);
  await shoot(page, "restore-action-failed");

  // Clean up: the stopped copy can still be discarded.
  await page.getByRole("button", { name: "Discard copy" }).click();
  await page.getByRole("dialog", { name: "Discard this copy?" }).getByRole("button", { name: "Discard copy" }).click();
  await expect(page.getByText("Discarded").first()).toBeVisible({ timeout: 60_000 });
});
