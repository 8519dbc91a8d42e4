import path from "node:path";
import { expect, test } from "@playwright/test";
import { baseURL, E2E_DATA_DIR } from "../playwright.config";
import { shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 420_000 });

const headers = { origin: baseURL };

test("a copy repository gets its own lane on the timeline, and the restore form reads from the repository chosen", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 120_000 });
  const clusterId = page.url().split("/clusters/")[1]!;

  // A second directory repository under the installation's repository root, as the demo cluster's copy.
  const name = unique("lane-copy");
  const created = await page.request.post("/api/v1/repositories", {
    headers,
    data: { name, kind: "posix", path: path.resolve(E2E_DATA_DIR, "repo", name) },
  });
  expect(created.status()).toBe(201);
  const repositoryId = (await created.json()).repository.id as string;
  const added = await page.request.post(`/api/v1/clusters/${clusterId}/copies`, { headers, data: { repositoryId } });
  expect(added.status()).toBe(201);

  try {
    // The copy job brings the backup and WAL there; its lane then shows a recoverable window.
    await page.reload();
    const lanes = page.getByRole("list", { name: "Recoverable from each repository" });
    await expect(lanes.locator(`[data-repository="${name}"]`)).toContainText("timeline 1 from", { timeout: 120_000 });
    await expect(lanes.getByRole("listitem")).toHaveCount(2);
    await expect(lanes.getByRole("listitem").first()).toContainText("(primary, posix)");
    const chart = page.getByRole("img", { name: "Recovery timeline" });
    await expect(chart.locator(`g[data-repository="${name}"] rect[data-kind="repository-window"]`).first()).toBeVisible();
    await shoot(page, "timeline-repository-lanes");

    // The restore form: the default is named with why; choosing the copy makes the plan read it.
    // The end of the newest backup ("latest" reaches into the primary's partial segment, which copies
    // never hold). The copy run may still be bringing that backup or its last WAL: the form asks again.
    const readFrom = page.getByLabel("Read from");
    const plan = page.getByTestId("plan-repository");
    await expect(async () => {
      await page.goto(`/clusters/${clusterId}/restore`);
      await page.getByLabel("End of a backup", { exact: true }).check();
      await page.getByLabel("Backup", { exact: true }).selectOption({ index: 1 });
      await expect(readFrom.locator("option", { hasText: name })).toHaveCount(1, { timeout: 10_000 });
      await expect(plan).toContainText("the fastest of the 2 repositories", { timeout: 10_000 });
    }).toPass({ timeout: 180_000 });
    await expect(page.getByText(/^Default: .*, the fastest that holds the backup and the WAL to the target/)).toBeVisible();
    await readFrom.selectOption({ label: (await readFrom.locator("option", { hasText: name }).textContent())! });
    await expect(plan).toContainText(name);
    await expect(plan).toContainText("as chosen");
    await shoot(page, "restore-read-from-copy");
  } finally {
    await page.request.delete(`/api/v1/clusters/${clusterId}/copies/${repositoryId}`, { headers });
  }
});
