import { expect, test } from "@playwright/test";
import { openClusterTab, shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 240_000 });

test("Run a restore drill from the cluster page and read its report", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  // The first start's backup must be complete before a drill can use it.
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 90_000 });

  await openClusterTab(page, "Drills");
  const drills = page.getByRole("region", { name: "Restore drills" });
  await drills.getByLabel("Row count tolerance (%)").fill("0");
  await drills.getByRole("button", { name: "Run drill" }).click();
  await expect(drills.getByRole("progressbar", { name: "Drill progress" })).toBeVisible({ timeout: 30_000 });
  await shoot(page, "drill-progress");
  const table = drills.getByRole("table", { name: "Restore drills" });
  await expect(table.getByText("Passed")).toBeVisible({ timeout: 180_000 });
  await expect(drills.getByText(/^Last drill:/)).toBeVisible();

  await drills.getByRole("link", { name: "Report" }).first().click();
  await expect(page.getByRole("heading", { name: "Restore drill", level: 1 })).toBeVisible();
  const checks = page.getByRole("list", { name: "Drill checks" });
  for (const name of ["promoted", "pg_amcheck", "row counts", "data checksums"])
    await expect(checks.getByText(name, { exact: true })).toBeVisible();
  await expect(checks.getByText("failed")).toHaveCount(0);
  const counts = page.getByRole("table", { name: "Row counts, production and restored copy" });
  await expect(counts.getByRole("row").nth(1)).toBeVisible();
  await expect(counts.getByText("differs")).toHaveCount(0);
  await expect(page.getByRole("definition").filter({ hasText: /\d/ }).first()).toBeVisible();
  await shoot(page, "drill-report");

  // The fleet overview shows the verdict and the measured recovery time.
  await page.getByRole("navigation").getByRole("link", { name: "Clusters" }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "demo", exact: true }) });
  await expect(row.getByText("Passed")).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText(/^\d[\d.]* (s|min \d+ s) for /)).toBeVisible();
});
