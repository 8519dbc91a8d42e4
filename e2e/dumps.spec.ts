import { expect, test } from "@playwright/test";
import pg from "pg";
import { demoInstance, openClusterTab, shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 180_000 });

async function onDemo<T>(database: string, user: "postgres" | "wayback", use: (c: pg.Client) => Promise<T>): Promise<T> {
  const demo = demoInstance();
  // The demo's superuser shares the demo password (lib/embedded/local-instance.ts).
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user, password: demo.password, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

test("Dump now, open its table of contents, restore one table into a new database", async ({ page }) => {
  // Restoring into a new database needs CREATEDB, which the demo's role is not given.
  await onDemo("postgres", "postgres", (c) => c.query("ALTER ROLE wayback CREATEDB"));
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();

  await openClusterTab(page, "Dumps");
  const form = page.getByRole("form", { name: "Dump now" });
  await expect(form.getByLabel("Database")).toHaveValue("demo");
  await form.getByLabel("Format").selectOption("custom");
  await form.getByRole("button", { name: "Dump now" }).click();

  const dumps = page.getByRole("table", { name: "Dumps of demo" });
  await expect(dumps.getByRole("row").nth(1).getByText("Complete")).toBeVisible({ timeout: 90_000 });
  await expect(dumps.getByRole("row").nth(1).getByText("Verified")).toBeVisible();
  await shoot(page, "dumps-panel");
  await dumps.getByRole("row").nth(1).getByRole("link", { name: "demo" }).click();

  // The table of contents: entries per type, and every entry on demand.
  await expect(page.getByRole("heading", { name: /Dump of demo/, level: 1 })).toBeVisible();
  // The four pgbench tables, and any an earlier browser test added to the demo database.
  await expect(page.getByRole("list", { name: "Entries per type" })).toContainText(/TABLE DATA ([4-9]|\d{2,})/);
  await page.getByText(/All \d+ entries/).click();
  await expect(
    page.getByRole("table", { name: "Table of contents" }).getByRole("cell", { name: "pgbench_accounts" }).first(),
  ).toBeVisible();
  await expect(page.getByLabel("Verification result")).toContainText("pg_restore read the whole archive");

  // Restore one table into a new database.
  const into = unique("demo one table");
  const restore = page.getByRole("form", { name: "Restore this dump" });
  await restore.getByLabel("New database").fill(into);
  await restore.getByLabel("Chosen schemas and tables").check();
  await restore.getByLabel("public.pgbench_branches").check();
  await shoot(page, "dump-restore-form");
  await restore.getByRole("button", { name: "Restore into a new database" }).click();

  const restores = page.getByRole("table", { name: "Restores of this dump" });
  await expect(restores.getByRole("row").nth(1).getByText("Restored")).toBeVisible({ timeout: 90_000 });
  await expect(restores.getByRole("row").nth(1)).toContainText("public.pgbench_branches");
  await shoot(page, "dump-restored");

  const tables = await onDemo(into, "wayback", async (c) => {
    const { rows } = await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return rows.map((r) => r.t);
  });
  expect(tables).toEqual(["pgbench_branches"]);
  const [source, copy] = await Promise.all(
    ["demo", into].map((db) =>
      onDemo(db, "wayback", (c) =>
        c.query("SELECT md5(string_agg(b::text, ',' ORDER BY bid)) AS m FROM pgbench_branches b").then((r) => r.rows[0].m),
      ),
    ),
  );
  expect(copy).toBe(source);
});
