import { expect, test } from "@playwright/test";
import pg from "pg";
import { demoInstance, shoot, signIn, unique } from "./helpers";

// The slow steps each have their own bound (the demo's first backup 5 minutes, indexing 3, the table
// restore 5); the test's is their sum and some.
test.describe.configure({ timeout: 900_000 });

/** The statements run in one implicit transaction (one simple query): their results, in order. */
async function demoSql(sql: string): Promise<pg.QueryResult[]> {
  const demo = demoInstance();
  const client = new pg.Client({ host: "127.0.0.1", port: demo.port, user: "wayback", password: demo.password, database: "demo" });
  await client.connect();
  try {
    const res = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(res) ? res : [res];
  } finally {
    await client.end();
  }
}

const count = async (table: string) => (await demoSql(`SELECT count(*)::int AS n FROM ${table}`))[0]!.rows[0].n as number;

// Issue 18's story: someone deletes rows by mistake; the user finds the DELETE on "What happened"
// by its row count, brings the table back to just before it, and sees the rows that were lost.
test("find a DELETE on What happened by its row count and bring its table back to just before it", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  // The first start's backup must be done before anything can be restored (minutes on a loaded machine).
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 300_000 });
  const clusterId = page.url().split("/clusters/")[1]!;

  const table = unique("orders").replace(/-/g, "_");
  const schema = `${table}_back`;
  try {
    await demoSql(
      `CREATE TABLE ${table} (id int PRIMARY KEY, item text NOT NULL); INSERT INTO ${table} SELECT g, 'item ' || g FROM generate_series(1, 500) g`,
    );
    const before = await count(table);
    // The accident, 200 rows in one transaction; its xid only to check the page found this one.
    const results = await demoSql(`DELETE FROM ${table} WHERE id <= 200; SELECT txid_current()::text AS xid`);
    const xid = results[1]!.rows[0].xid as string;
    await demoSql("SELECT pg_switch_wal()");

    // The segment holding the DELETE is archived and indexed, and the monitor has named the table.
    const label = `demo.public.${table}`;
    await expect
      .poll(
        async () => {
          const res = await page.request.get(
            `/api/v1/clusters/${clusterId}/activity?${new URLSearchParams({ table: label, minRows: "200" })}`,
          );
          if (!res.ok()) return [];
          const { activity } = await res.json();
          return activity.transactions.map((t: { xid: string }) => t.xid);
        },
        { timeout: 180_000, intervals: [1_000] },
      )
      .toContain(xid);

    await page.goto(`/clusters/${clusterId}`);
    await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "What happened", exact: true }).click();
    await expect(page).toHaveURL(/[?&]tab=what-happened/);
    const filters = page.getByRole("form", { name: "Filters" });
    // By role: the label wraps the list, so its text (what getByLabel matches exactly) holds every option too.
    await filters.getByRole("combobox", { name: "Table", exact: true }).selectOption(label);
    await filters.getByLabel("Minimum rows").fill("200");
    const row = page.getByRole("row").filter({ hasText: `${label}: 200 deleted` });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell").nth(1)).toHaveText(xid);
    await expect(row.getByRole("cell").nth(2)).toHaveText("delete");
    await shoot(page, "what-happened");
    await row.getByRole("link", { name: "Bring tables back to just before" }).click();

    // The form opens at the transaction, exclusive, with its table chosen.
    await expect(page).toHaveURL(/\/restore\/tables\?/);
    await expect(page.getByRole("textbox", { name: "Transaction id" })).toHaveValue(xid);
    await expect(page.getByRole("checkbox", { name: /Include this transaction/ })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: new RegExp(`public\\.${table}\\b`) })).toBeChecked();
    await page.getByRole("textbox", { name: "Schema name" }).fill(schema);
    await page.getByRole("button", { name: "Restore tables" }).click();

    await expect(page).toHaveURL(/\/restore\/tables\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Complete", { exact: true })).toBeVisible({ timeout: 300_000 });
    await expect(page.getByTestId(`restored-rows-public.${table}`)).toHaveText(String(before));
    // The difference: exactly the 200 deleted rows, as CSV and as the INSERT Wayback shows but never runs.
    const restoredRow = page.getByRole("row", { name: new RegExp(`public\\.${table}`) });
    await expect(restoredRow).toContainText("200");
    const csvHref = await restoredRow.getByRole("link", { name: "CSV" }).getAttribute("href");
    const csv = (await (await page.request.get(csvHref!)).text()).trim().split("\n");
    expect(csv[0]).toBe("id,item");
    expect(
      csv
        .slice(1)
        .map((l) => Number(l.split(",")[0]))
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    await expect(page.getByRole("region", { name: `Put back public.${table}` })).toContainText(`INSERT INTO "public"."${table}"`);
    await shoot(page, "table-restore");

    expect(await count(`${schema}.${table}`)).toBe(before);
    expect(await count(table)).toBe(before - 200);
  } finally {
    await demoSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP TABLE IF EXISTS ${table}`);
  }
});
