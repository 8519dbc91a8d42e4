import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { S3RVER_CREDENTIALS, startS3Server, type S3TestServer } from "../test/harness/s3-server";
import { apiDelete, demoInstance, openClusterTab, shoot, signIn, unique } from "./helpers";

// A real S3-protocol server on loopback, which the app's worker reaches as it would a remote
// store; it checks SigV4 signatures, so a wrong secret is refused as a real store refuses it.
let s3: S3TestServer;
test.beforeAll(async () => {
  s3 = await startS3Server({ bucket: "wayback-e2e" });
});
test.afterAll(() => s3.close());
// The time typed into the restore form is read in the browser's zone: UTC, as the moment is.
test.use({ timezoneId: "UTC" });

/** Adds an S3 repository under `prefix` of the server's bucket through the Repositories form. */
async function addS3Repository(page: Page, name: string, prefix: string): Promise<void> {
  await page.getByRole("link", { name: "Repositories" }).click();
  const form = page.getByRole("form", { name: "Add repository" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Kind", { exact: true }).selectOption("s3");
  await form.getByLabel("Bucket", { exact: true }).fill("wayback-e2e");
  await form.getByLabel("Prefix", { exact: true }).fill(prefix);
  await form.getByLabel("Region", { exact: true }).fill("us-east-1");
  await form.getByLabel("Endpoint", { exact: true }).fill(s3.endpoint);
  await form.getByLabel(/Path-style addressing/).check();
  await form.getByLabel("Access key id", { exact: true }).fill(S3RVER_CREDENTIALS.accessKeyId);
  await form.getByLabel("Secret access key", { exact: true }).fill(S3RVER_CREDENTIALS.secretAccessKey);
  await form.getByRole("button", { name: "Add repository" }).click();
  await expect(form.getByRole("status")).toHaveText(`Repository ${name} added.`);
}

test("An S3 repository is added in the form, never shows its key, and passes the worker's Test", async ({ page }) => {
  await signIn(page);
  const name = unique("offsite");
  await addS3Repository(page, name, "e2e/");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`s3://wayback-e2e/e2e/ at ${s3.endpoint}`);
  await row.getByRole("button", { name: `Test ${name}` }).click();
  await expect(row.getByTestId("repository-test-result")).toContainText("Passed: Every operation works", { timeout: 60_000 });
  // Neither half of the key pair is anywhere on the page once saved (s3rver's pair is S3RVER/S3RVER).
  expect(await page.content()).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
  await shoot(page, "s3-repository");
});

/** One statement on the demo database as its `wayback` role. */
async function demoSql(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const demo = demoInstance();
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user: "wayback", password: demo.password, database: "demo" });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

const ROWS = (table: string) => `SELECT count(*)::int AS n, md5(string_agg(id || ':' || item, ',' ORDER BY id)) AS md5 FROM ${table}`;

test("a cluster backed up to an S3 repository from the UI is restored from it to a moment, with exactly that moment's rows", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const demo = demoInstance();
  await signIn(page);
  const repository = unique("s3-primary");
  await addS3Repository(page, repository, "primary/");

  // The demo database registered again as a cluster of its own whose primary repository is the S3 one.
  const name = unique("s3-demo");
  await page.goto("/clusters");
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(demo.port));
  await page.getByLabel("Database").fill("demo");
  await page.getByLabel("User").fill("wayback");
  await page.getByLabel("Password").fill(demo.password);
  await page
    .getByLabel("Repository", { exact: true })
    .selectOption({ label: `${repository} (s3://wayback-e2e/primary/ at ${s3.endpoint})` });
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const clusterId = page.url().split("/clusters/")[1]!.split(/[/?]/)[0]!;
  try {
    await restoreFromS3(page, clusterId);
  } finally {
    // Removed, so its receiver stops streaming the demo's WAL into a store this file closes.
    await apiDelete(page, `/api/v1/clusters/${clusterId}?${new URLSearchParams({ confirm: name })}`);
  }
});

/** Backs the cluster up from the UI, makes an accident after a moment, and restores from S3 to that moment. */
async function restoreFromS3(page: Page, clusterId: string): Promise<void> {
  const demo = demoInstance();
  await openClusterTab(page, "Backups");
  const backUp = page.getByRole("button", { name: "Back up now" });
  await expect(backUp).toBeEnabled({ timeout: 60_000 });
  await backUp.click();
  const backups = page.getByRole("table", { name: /backups/i });
  await expect(backups.getByRole("row").nth(1).getByText("Complete")).toBeVisible({ timeout: 180_000 });
  await shoot(page, "s3-backup-complete");

  // Rows after the backup, the moment, then the accident the restore undoes.
  const table = `e2e_s3_orders_${Date.now().toString(36)}`;
  await demoSql(`CREATE TABLE ${table} AS SELECT g AS id, 'order ' || g AS item FROM generate_series(1, 300) g`);
  const moment = String((await demoSql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS t`)).rows[0].t);
  await expect
    .poll(async () => (await demoSql("SELECT clock_timestamp() AT TIME ZONE 'UTC' > $1::timestamp AS past", [moment])).rows[0].past)
    .toBe(true);
  const before = (await demoSql(ROWS(table))).rows[0];
  await demoSql(`DELETE FROM ${table} WHERE id > 100`);
  await demoSql(`UPDATE ${table} SET item = 'changed'`);
  await demoSql("SELECT pg_switch_wal()");
  // The S3 repository holds the WAL through the accident, indexed: the window ends at a commit after the moment.
  const after = new Date(`${moment.replace(" ", "T")}Z`).getTime();
  await expect
    .poll(
      async () => {
        const { timeline } = await (await page.request.get(`/api/v1/clusters/${clusterId}/timeline`)).json();
        return timeline.windows.some((w: { to: { time: string } }) => new Date(w.to.time).getTime() > after);
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);

  await page.goto(`/clusters/${clusterId}/restore`);
  await page.getByRole("textbox", { name: "Time", exact: true }).fill(moment);
  await expect(page.getByRole("region", { name: "Plan" })).toContainText(/backup/i);
  await shoot(page, "s3-restore-plan");
  await page.getByRole("button", { name: "Start restore" }).click();
  await expect(page).toHaveURL(/\/restores\/[0-9a-f-]+$/);
  const connection = page.getByLabel("Connection string", { exact: true });
  await expect(connection).toContainText(/^postgresql:\/\/wayback@127\.0\.0\.1:\d+\/demo$/, { timeout: 180_000 });
  await expect(
    page
      .getByRole("table", { name: "Row counts" })
      .getByRole("row")
      .filter({ hasText: `public.${table}` }),
  ).toContainText("300");
  await shoot(page, "s3-restore-done");

  // The copy is real and holds exactly the rows of the moment, not those after it.
  const url = new URL((await connection.textContent())!);
  const copy = new pg.Client({ host: url.hostname, port: Number(url.port), user: "wayback", password: demo.password, database: "demo" });
  await copy.connect();
  try {
    expect((await copy.query(ROWS(table))).rows[0]).toEqual(before);
  } finally {
    await copy.end();
  }
  await page.getByRole("button", { name: "Discard copy" }).click();
  await page.getByRole("dialog", { name: "Discard this copy?" }).getByRole("button", { name: "Discard copy" }).click();
  await expect(page.getByText("Discarded")).toBeVisible({ timeout: 60_000 });
}
