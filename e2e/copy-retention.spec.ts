import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, E2E_DATA_DIR } from "../playwright.config";
import { openClusterTab, shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 180_000 });

const headers = { origin: baseURL };

/** A policy made through the API: no schedule, `keepMonthly` monthly backups kept. */
async function createPolicy(page: Page, name: string, keepMonthly: number): Promise<string> {
  const res = await page.request.post("/api/v1/policies", {
    headers,
    data: {
      name,
      timeZone: "UTC",
      backupCron: "",
      verifyCron: "",
      drillCron: "",
      retentionCron: "",
      keepDaily: 7,
      keepWeekly: 0,
      keepMonthly,
      keepYearly: 0,
      minComplete: 1,
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).policy.id as string;
}

/** The copy repository's retention as the API has it: the chosen policy's id, or null for the cluster's. */
async function savedRetention(page: Page, clusterId: string, repositoryId: string): Promise<string | null> {
  const res = await page.request.get(`/api/v1/clusters/${clusterId}/copies`);
  const copies = (await res.json()) as { repositories: { repositoryId: string; policy: { id: string } | null }[] };
  return copies.repositories.find((r) => r.repositoryId === repositoryId)?.policy?.id ?? null;
}

test("a copy repository's retention is chosen when it is added, changed in its row, and set back to the cluster's policy", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  const clusterId = page.url().split("/clusters/")[1]!.split("?")[0]!;

  const [monthly, yearly] = [unique("offsite-12-monthly"), unique("offsite-24-monthly")];
  const policyIds = [await createPolicy(page, monthly, 12), await createPolicy(page, yearly, 24)];
  const name = unique("retention-copy");
  const created = await page.request.post("/api/v1/repositories", {
    headers,
    data: { name, kind: "posix", path: path.resolve(E2E_DATA_DIR, "repo", name) },
  });
  expect(created.status()).toBe(201);
  const repositoryId = (await created.json()).repository.id as string;

  try {
    await openClusterTab(page, "Archiving");
    await page.getByLabel("Copy to repository").selectOption({ label: name });
    await page.getByLabel("Retention in the new copy repository").selectOption({ label: monthly });
    await page.getByRole("button", { name: "Add copy repository" }).click();

    // Its row shows the retention chosen, and the catalog has it.
    const retention = page.getByRole("table", { name: "Copy repositories" }).getByLabel(`Retention in ${name}`);
    await expect(retention).toHaveValue(policyIds[0]!);
    await expect.poll(() => savedRetention(page, clusterId, repositoryId)).toBe(policyIds[0]);

    // Changed in the row: saved at once, and still so after a reload.
    await retention.selectOption({ label: yearly });
    await expect.poll(() => savedRetention(page, clusterId, repositoryId)).toBe(policyIds[1]);
    await page.reload();
    await expect(retention).toHaveValue(policyIds[1]!);
    await shoot(page, "copy-retention");

    // Back to the cluster's own policy.
    await retention.selectOption({ label: "The cluster's policy" });
    await expect.poll(() => savedRetention(page, clusterId, repositoryId)).toBeNull();
    await page.reload();
    await expect(retention).toHaveValue("");
  } finally {
    await page.request.delete(`/api/v1/clusters/${clusterId}/copies/${repositoryId}`, { headers });
    for (const id of policyIds) await page.request.delete(`/api/v1/policies/${id}`, { headers });
  }
});
