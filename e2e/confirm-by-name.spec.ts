import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { shoot, signIn, unique } from "./helpers";

test("removing a cluster and restoring in place need the cluster's name typed, and the server checks it", async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/clusters$/);
  // Nothing listens on port 9, and no WAL receiver: the cluster exists only in the catalog.
  const name = unique(`it's "prod"`);
  const created = await page.request.post("/api/v1/clusters", {
    headers: { origin: baseURL },
    data: { name, host: "127.0.0.1", port: 9, username: "wayback", password: "x", sslmode: "disable", walMode: "archive_command" },
  });
  expect(created.status()).toBe(201);
  const clusterId = (await created.json()).cluster.id as string;

  // The API refuses without the name and says what to type.
  const refused = await page.request.delete(`/api/v1/clusters/${clusterId}`, { headers: { origin: baseURL } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.fields.confirm).toEqual([`Type the cluster's name, “${name}”, to confirm.`]);

  // In place is offered once the cluster's data directory is known.
  await page.goto(`/clusters/${clusterId}/restore`);
  await expect(page.getByRole("heading", { name: `Restore ${name}` })).toBeVisible();
  await expect(page.getByLabel("Data directory")).toBeVisible();
  await expect(page.getByRole("radio", { name: `In place, over ${name}` })).toHaveCount(0);
  expect(
    (
      await page.request.patch(`/api/v1/clusters/${clusterId}`, {
        headers: { origin: baseURL },
        data: { localDataDir: "/var/lib/postgresql/15/e2e-not-there" },
      })
    ).status(),
  ).toBe(200);
  await page.reload();
  await page.getByRole("radio", { name: `In place, over ${name}` }).check();
  await expect(page.getByLabel("Data directory")).toHaveCount(0);
  const restoreInPlace = page.getByRole("button", { name: "Restore in place" });
  const typed = page.getByLabel(/Type the cluster's name/);
  await expect(restoreInPlace).toBeDisabled();
  await typed.fill(name.toUpperCase());
  await expect(restoreInPlace).toBeDisabled();
  await typed.fill(name);
  await expect(restoreInPlace).toBeEnabled();
  await shoot(page, "restore-in-place-confirm");

  // Remove through the dialog.
  await page.goto(`/clusters/${clusterId}`);
  await page.getByRole("button", { name: "Remove cluster" }).click();
  const dialog = page.getByRole("dialog");
  const remove = dialog.getByRole("button", { name: "Remove cluster" });
  await expect(remove).toBeDisabled();
  await dialog.getByLabel(/Type the cluster's name/).fill(`${name} `);
  await expect(remove).toBeDisabled();
  await dialog.getByLabel(/Type the cluster's name/).fill(name);
  await shoot(page, "remove-cluster-confirm");
  await remove.click();
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  expect((await page.request.get(`/api/v1/clusters/${clusterId}`)).status()).toBe(404);
});
