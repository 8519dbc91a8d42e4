import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { demoInstance, openClusterTab, shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 180_000 });

async function openDemo(page: Page) {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
}

/** ~80 MB of poorly compressible rows, so a rate-limited backup takes long enough to watch. */
async function growDemo() {
  const demo = demoInstance();
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user: "wayback", password: demo.password, database: "demo" });
  await client.connect();
  try {
    await client.query(
      "CREATE TABLE IF NOT EXISTS ballast AS SELECT i, md5(i::text) || md5((i * 7)::text) AS pad FROM generate_series(1, 800000) AS i",
    );
  } finally {
    await client.end();
  }
}

test("Back up now: the progress bar moves to completion, then the timeline shows the backup's recoverable window", async ({ page }) => {
  await growDemo();
  await openDemo(page);
  // The first start already backs the demo up; wait for that one to finish.
  const backUp = page.getByRole("button", { name: "Back up now" });
  await expect(backUp).toBeEnabled({ timeout: 90_000 });

  // Limit the rate so the copy takes several seconds (and exercise the setting).
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Backup rate limit (kB/s)").fill("5000");
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();

  await openClusterTab(page, "Backups");
  const table = page.getByRole("table", { name: /backups/i });
  // The header and the first start's backup.
  await expect(table.getByRole("row")).toHaveCount(2);
  await backUp.click();
  const bar = page.getByRole("progressbar", { name: "Backup progress" });
  await expect(bar).toBeVisible();
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const v = await bar.getAttribute("aria-valuenow").catch(() => null);
        if (v !== null) seen.add(Number(v));
        return seen.size;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBeGreaterThanOrEqual(2);
  const values = [...seen];
  expect(values).toEqual([...values].sort((a, b) => a - b)); // it only moves forward
  await shoot(page, "backup-progress");
  await expect(bar).toBeHidden({ timeout: 90_000 });

  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").nth(1).getByText("Complete")).toBeVisible();
  await expect(table.getByRole("row").nth(1).getByText("Checked at backup")).toBeVisible();

  // The timeline (overview): a recoverable window and the latest recoverable time.
  await openClusterTab(page, "Overview");
  await expect(page.getByRole("img", { name: "Recovery timeline" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Recoverable windows" }).getByRole("listitem").first()).toContainText("Timeline 1: from");
  await expect(page.getByText(/Latest recoverable time:/)).toBeVisible();
  await shoot(page, "cluster-timeline");

  // Its detail: files with checksums, verification and the job's log.
  await openClusterTab(page, "Backups");
  await table.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("cell", { name: "base.tar.zst" })).toBeVisible();
  await expect(page.getByLabel("Verification result")).toContainText("backup successfully verified");
  await expect(page.getByLabel("Job log")).toContainText("complete");
  await expect(page.getByRole("table", { name: "Job attempts" }).getByRole("row").nth(1)).toContainText("Succeeded");
  await shoot(page, "backup-detail");
});
