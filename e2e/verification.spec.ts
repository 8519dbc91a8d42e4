import { expect, test } from "@playwright/test";
import { openClusterTab, shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 240_000 });

test("Verify on the demo cluster: the verification reads everything back and passes; the backup page shows its result", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  // The first start's backup must be done: a verification reads complete backups.
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 120_000 });

  await openClusterTab(page, "Backups");
  const section = page.getByRole("region", { name: "Verification", exact: true });
  const verify = page.getByRole("button", { name: "Verify", exact: true });
  await expect(verify).toBeEnabled();
  const started = page.waitForResponse((r) => r.url().endsWith("/verifications") && r.request().method() === "POST");
  await verify.click();
  expect((await started).status()).toBe(202);

  await expect(section.getByText("Passed", { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(section).toContainText(/files? \(.+\) read back in .+, every one as recorded\./);
  const results = section.getByRole("table", { name: "Verification results" });
  await expect(results.getByRole("row").filter({ hasText: "Backup" }).first()).toContainText("OK");
  await expect(results.getByRole("row").filter({ hasText: "WAL, timeline 1" }).first()).toContainText("OK");
  await expect(section.getByRole("table", { name: "Verification findings" })).toHaveCount(0);
  await expect(verify).toBeEnabled();
  await shoot(page, "cluster-verification");
  // The backups table names the repository verification apart from the backup job's own check.
  const backupRow = page.getByRole("table", { name: "Backups of demo" }).getByRole("row").nth(1);
  await expect(backupRow.getByText("Checked at backup")).toBeVisible();
  await expect(backupRow.getByText("Verified", { exact: true })).toBeVisible();
  await openClusterTab(page, "Overview");
  await expect(page.getByRole("table", { name: "Recent jobs" }).getByRole("row").filter({ hasText: "Verification" }).first()).toContainText(
    "Succeeded",
  );
  await openClusterTab(page, "Backups");

  // The backup page: that backup's result of the verification.
  await results.getByRole("row").filter({ hasText: "Backup" }).first().getByRole("link").click();
  const latest = page.getByRole("region", { name: "Latest verification" });
  await expect(latest.getByText("Passed", { exact: true })).toBeVisible();
  await expect(latest).toContainText("every one as recorded, and pg_verifybackup's checks passed.");
  await shoot(page, "backup-verification");
});

test("the verification API refuses requests without a session", async ({ request }) => {
  const url = "/api/v1/clusters/00000000-0000-4000-8000-000000000000/verifications";
  for (const method of ["GET", "POST"]) {
    const res = await request.fetch(url, { method, data: method === "POST" ? {} : undefined });
    expect(res.status(), `${method} ${url}`).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  }
});
