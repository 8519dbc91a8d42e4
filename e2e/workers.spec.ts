import { expect, test } from "@playwright/test";
import { shoot, signIn } from "./helpers";

test.describe.configure({ timeout: 180_000 });

interface Worker {
  id: string;
  host: string;
  state: string;
  queues: string[];
  concurrency: number;
  lastHeartbeatAt: string;
}

test("the Workers page shows the server's worker with host, queues, concurrency and a recent heartbeat; the restore form offers its host", async ({
  page,
}) => {
  await signIn(page);
  // Requests below carry the session only once sign-in (argon2, slow on a loaded machine) is done.
  await expect(page).toHaveURL(/\/clusters$/, { timeout: 60_000 });
  // The server's own worker beats every few seconds; the first beat may still be on its way.
  let live: Worker | undefined;
  await expect
    .poll(
      async () => {
        const { workers } = (await (await page.request.get("/api/v1/workers")).json()) as { workers: Worker[] };
        live = workers.find((w) => w.state === "live");
        return live !== undefined;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const worker = live!;

  await page.getByRole("link", { name: "Workers", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Workers", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: worker.id });
  const cells = row.getByRole("cell");
  await expect(cells.nth(0)).toContainText(worker.host);
  await expect(cells.nth(1)).toHaveText("live");
  await expect(cells.nth(3)).toHaveText(worker.queues.join(", "));
  expect(worker.queues).toContain(`wayback@${worker.host}`);
  await expect(cells.nth(4)).toHaveText(String(worker.concurrency));
  // Recent: the page refreshes every 5 s and the worker beats more often than that.
  await expect
    .poll(async () => Date.now() - Date.parse((await cells.nth(6).locator("time").getAttribute("datetime"))!), { timeout: 30_000 })
    .toBeLessThan(30_000);
  await shoot(page, "workers");

  await page.getByRole("link", { name: "Clusters", exact: true }).click();
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  const clusterId = page.url().split("/clusters/")[1]!.split(/[/?#]/)[0]!;
  await page.goto(`/clusters/${clusterId}/restore`);
  const host = page.getByLabel("Worker host");
  await expect(host.getByRole("option", { name: worker.host, exact: true })).toHaveCount(1);
  await host.selectOption(worker.host);
  await expect(host).toHaveValue(worker.host);
  await shoot(page, "restore-form-worker-host");
});
