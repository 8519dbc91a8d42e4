import { expect, test } from "@playwright/test";
import pg from "pg";
import { demoInstance, shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 180_000 });

test("a commit on the idle demo cluster reaches the partial segment: the cluster page shows it and the measured RPO", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  // The first start backs the demo up: a window exists once that backup is complete.
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 120_000 });

  const demo = demoInstance();
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user: "wayback", password: demo.password, database: "demo" });
  await client.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS rpo_e2e (note text NOT NULL)");
    await client.query("INSERT INTO rpo_e2e VALUES ('seconds, not segments')");
  } finally {
    await client.end();
  }

  // The receiver uploads the segment it is receiving every 5 s; the page shows it on the next load.
  const windows = page.getByRole("list", { name: "Recoverable windows" });
  await expect(async () => {
    await page.reload();
    await expect(windows).toContainText("ends in the partial segment", { timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByText(/Latest recoverable time:.*in the partial segment [0-9A-F]{24}/)).toBeVisible();
  await expect(page.getByTestId("measured-rpo")).toContainText(
    /Measured RPO: \d+ (s|min).* since the newest recoverable commit \(target 1 min\)/,
  );
  await expect(page.getByRole("img", { name: "Recovery timeline" }).locator('g[data-kind="partial-segment"]')).toHaveCount(1);
  await shoot(page, "timeline-partial-segment");

  // The fleet overview shows each cluster's measured RPO too.
  await page.goto("/");
  await expect(page.getByRole("row", { name: /demo/ }).getByText(/^RPO \d+ (s|min)/)).toBeVisible();
});
