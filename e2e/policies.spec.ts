import { expect, test } from "@playwright/test";
import { openClusterTab, shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 180_000 });

test("Create a policy: next runs and errors as you type, a live retention preview, its next runs on the cluster page; delete a backup by its label", async ({
  page,
}) => {
  await signIn(page);
  // A second backup of the demo cluster, so the preview has something to expire.
  await page.getByRole("link", { name: "demo", exact: true }).click();
  const backUp = page.getByRole("button", { name: "Back up now" });
  await expect(backUp).toBeEnabled({ timeout: 90_000 });
  await backUp.click();
  await expect(backUp).toBeEnabled({ timeout: 90_000 });

  await page.getByRole("navigation").getByRole("link", { name: "Policies" }).click();
  await page.getByRole("link", { name: "New policy" }).click();
  const form = page.getByRole("form", { name: "New policy" });
  const name = unique("nightly");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Time zone").fill("UTC");

  // A schedule shows its next five runs in the policy's zone as it is typed…
  await form.getByLabel("Full backup").fill("0 3 * * *");
  const runs = form.getByTestId("policy-backupCron-next-runs");
  await expect(runs).toContainText("03:00");
  await expect(runs).toHaveText(/(03:00.*){5}/);
  // …and an invalid one says why, under its field.
  const verify = form.getByLabel("Verification");
  await verify.fill("61 3 * * *");
  await expect(form.getByText("61 is out of range: that field takes 0 to 59.")).toBeVisible();
  await expect(verify).toHaveAttribute("aria-invalid", "true");
  await shoot(page, "policy-invalid-cron");
  await verify.fill("0 4 * * sun");
  await expect(form.getByText("61 is out of range: that field takes 0 to 59.")).toHaveCount(0);

  // The preview follows the retention fields as they are typed, against the demo cluster's backups.
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.getByLabel("Against the backups of").selectOption({ label: "demo" });
  const summary = preview.getByTestId("retention-preview-summary");
  await form.getByLabel("Minimum complete backups").fill("100");
  await expect(summary).toHaveText(/^\d+ kept, 0 expire\./);
  await expect(preview.getByText(/You will be able to restore to any moment since/)).toBeVisible();
  await form.getByLabel("Minimum complete backups").fill("1");
  await expect(summary).toHaveText(/^\d+ kept, [1-9]\d* expire/);
  await expect(preview.getByText(/^daily \d{4}-\d{2}-\d{2}, /).first()).toBeVisible();
  await expect(preview.getByText("Expires", { exact: true }).first()).toBeVisible();
  await shoot(page, "policy-preview");

  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  // Give it to the demo cluster: its next runs appear on the cluster page.
  await page.getByRole("navigation").getByRole("link", { name: "Clusters" }).click();
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await openClusterTab(page, "Policy");
  const panel = page.getByRole("region", { name: "Policy" });
  await panel.getByRole("combobox", { name: "Policy" }).selectOption({ label: name });
  await panel.getByRole("button", { name: "Apply" }).click();
  await expect(panel.getByRole("link", { name })).toBeVisible();
  const next = panel.getByTestId("next-runs");
  await expect(next.getByRole("row", { name: /Full backup 0 3 \* \* \*.*03:00/ })).toBeVisible();
  await expect(next.getByRole("row", { name: /Verification 0 4 \* \* sun.*Sun.*04:00/ })).toBeVisible();
  await shoot(page, "cluster-policy");

  // Back to no policy, so the other browser tests' cluster runs nothing on a schedule.
  await panel.getByRole("combobox", { name: "Policy" }).selectOption({ label: "None" });
  await panel.getByRole("button", { name: "Apply" }).click();
  await expect(panel.getByText("No policy: nothing runs on a schedule and no backup expires.")).toBeVisible();

  // An admin deletes the oldest backup by typing its label; the button waits for the exact label.
  await openClusterTab(page, "Backups");
  const backups = page.getByRole("table", { name: /backups/i });
  await backups.getByRole("row").last().getByRole("link").first().click();
  await page.getByRole("button", { name: "Delete backup" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete backup" });
  const confirm = dialog.getByRole("button", { name: "Delete backup" });
  const typed = dialog.getByLabel(/Type the backup's name/);
  const label = (await typed.getAttribute("placeholder"))!;
  await expect(page.getByRole("heading", { level: 1 })).toContainText(label);
  await typed.fill(label.toUpperCase());
  await expect(confirm).toBeDisabled();
  await typed.fill(label);
  await shoot(page, "delete-backup-confirm");
  await confirm.click();
  await expect(page.getByText(/Expiring|was not found/).first()).toBeVisible();
});
