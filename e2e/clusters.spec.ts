import { expect, test } from "@playwright/test";
import { demoInstance, openClusterTab, shoot, signIn, unique } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/clusters$/);
});

test("the demo cluster is listed and checked", async ({ page }) => {
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "demo", exact: true }) });
  await expect(row.getByText("Ready")).toBeVisible();
  await expect(row.getByText(/^15\./)).toBeVisible();
  // The tab icon: linked from every page and served (not a 404), including the /favicon.ico
  // that browsers and bookmarks ask for without a link.
  const icon = page.locator('link[rel="icon"][type="image/svg+xml"]');
  await expect(icon).toHaveAttribute("href", /\/icon\.svg/);
  const served = await page.request.get((await icon.getAttribute("href"))!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toContain("image/x-icon");
  await shoot(page, "clusters");
});

test("the clusters table fits a 1440 and a 1280 px wide window, alerts and checklist included", async ({ page }) => {
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/clusters");
    const table = page.getByRole("table", { name: "Clusters" });
    await expect(table.getByRole("columnheader", { name: "Checklist" })).toBeVisible();
    // Nothing scrolls sideways: the table is no wider than the box around it.
    const overflow = await table.evaluate((t) => t.scrollWidth - t.parentElement!.clientWidth);
    expect(overflow, `table overflow at ${width} px`).toBeLessThanOrEqual(0);
    const demoRow = table.getByRole("row").filter({ has: page.getByRole("link", { name: "demo", exact: true }) });
    await expect(demoRow.getByText(/^\d+\/\d+$/)).toBeVisible();
    await shoot(page, `clusters-${width}`);
  }
});

test("the cluster page shows summary cards and one section at a time; the section is in the URL, so a reload keeps it", async ({
  page,
}) => {
  await page.getByRole("link", { name: "demo", exact: true }).click();
  const cards = page.getByRole("list", { name: "Cluster summary" });
  for (const title of ["Recoverable until", "Last good backup", "Open alerts", "Archiving"])
    await expect(cards.getByText(title)).toBeVisible();
  await expect(page.getByRole("img", { name: "Recovery timeline" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Restore drills" })).toHaveCount(0);

  await openClusterTab(page, "Backups");
  await expect(page.getByRole("table", { name: "Backups of demo" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Recovery timeline" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("table", { name: "Backups of demo" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Backups" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  await openClusterTab(page, "Drills");
  await expect(page.getByRole("region", { name: "Restore drills" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("table", { name: "Backups of demo" })).toBeVisible();

  const url = new URL(page.url());
  await page.goto(`${url.pathname}?tab=readiness`);
  await expect(page.getByRole("list", { name: "Readiness" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Production checklist" })).toBeVisible();
  await shoot(page, "cluster-readiness-tab");
  await openClusterTab(page, "Overview");
  await expect(page.getByRole("img", { name: "Recovery timeline" })).toBeVisible();
  await shoot(page, "cluster-overview");
});

test("add a cluster through the form and see its readiness list", async ({ page }) => {
  const demo = demoInstance();
  const name = unique("orders-db");
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(demo.port));
  await page.getByLabel("Database").fill("demo");
  await page.getByLabel("User").fill("wayback");
  await page.getByLabel("Password").fill(demo.password);
  await shoot(page, "cluster-new");
  await page.getByRole("button", { name: "Save cluster" }).click();

  await expect(page.getByRole("heading", { name })).toBeVisible();
  const readiness = page.getByRole("list", { name: "Readiness" });
  await expect(readiness.getByRole("listitem").filter({ hasText: "wal_level" })).toBeVisible();
  await expect(readiness.getByRole("listitem").filter({ hasText: "REPLICATION privilege" })).toBeVisible();
  await expect(readiness.getByRole("listitem").filter({ hasText: "Data checksums" })).toBeVisible();
  // The password is never shown back.
  await expect(page.getByText(demo.password)).toHaveCount(0);
  await shoot(page, "cluster-readiness");
});

test("a cluster with the wrong password shows why and what to fix", async ({ page }) => {
  const demo = demoInstance();
  const name = unique("wrong-password");
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(demo.port));
  await page.getByLabel("User").fill("wayback");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Save cluster" }).click();

  const readiness = page.getByRole("list", { name: "Readiness" });
  await expect(readiness.getByText(/password authentication failed/)).toBeVisible();
  await expect(readiness.getByText(/Check the user name and password/)).toBeVisible();
  await shoot(page, "cluster-unreachable");
});

test("bad input shows field errors and saves nothing", async ({ page }) => {
  await page.getByRole("button", { name: "Add cluster" }).click();
  await page.getByLabel("Name", { exact: true }).fill("demo");
  await page.getByLabel("Host", { exact: true }).fill("db.example.com:5432");
  await page.getByLabel("Port").fill("70000");
  await page.getByLabel("User").fill("wayback");
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByText("Ports range from 1 to 65535.")).toBeVisible();
  await expect(page.getByText(/Enter a host name .* without a port or scheme/)).toBeVisible();
  await shoot(page, "cluster-form-errors");

  // Valid fields but a name that is taken: the server says so under the name.
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port").fill("5432");
  await page.getByRole("button", { name: "Save cluster" }).click();
  await expect(page.getByText("Another cluster already has this name.")).toBeVisible();
  await expect(page).toHaveURL(/\/clusters\/new$/);

  await page.goto("/clusters");
  await expect(page.getByRole("link", { name: "demo", exact: true })).toHaveCount(1);
});
