import { expect, test } from "@playwright/test";
import pg from "pg";
import { demoInstance, shoot, signIn, unique } from "./helpers";

test.describe.configure({ timeout: 600_000 });

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

test("restore orders to just before a DELETE: the restored schema holds the rows from before it, and the difference is the deleted rows", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("link", { name: "demo", exact: true }).click();
  // The first start's backup must be done before anything can be restored (minutes on a loaded machine).
  await expect(page.getByRole("button", { name: "Back up now" })).toBeEnabled({ timeout: 300_000 });
  const clusterId = page.url().split("/clusters/")[1]!;

  const table = unique("orders").replace(/-/g, "_");
  await demoSql(
    `CREATE TABLE ${table} (id int PRIMARY KEY, item text NOT NULL); INSERT INTO ${table} SELECT g, 'item ' || g FROM generate_series(1, 500) g`,
  );
  // The accident and its transaction id, in one transaction.
  const results = await demoSql(`DELETE FROM ${table} WHERE id <= 200; SELECT txid_current()::text AS xid`);
  const xid = results[1]!.rows[0].xid as string;
  const after = (await demoSql("SELECT pg_current_wal_lsn()::text AS lsn"))[0]!.rows[0].lsn as string;
  await demoSql("SELECT pg_switch_wal()");
  const toNum = (l: string) => l.split("/").reduce((acc, h) => acc * 2n ** 32n + BigInt(`0x${h}`), 0n);
  await expect
    .poll(
      async () => {
        const { timeline } = await (await page.request.get(`/api/v1/clusters/${clusterId}/timeline`)).json();
        return timeline.windows.some((w: { to: { lsn: string } }) => toNum(w.to.lsn) >= toNum(after));
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(true);

  // Where "Restore to just before this transaction" leads.
  await page.goto(`/clusters/${clusterId}/restore/tables?targetKind=xid&target=${xid}&inclusive=false`);
  await expect(page.getByRole("textbox", { name: "Transaction id" })).toHaveValue(xid);
  await expect(page.getByRole("checkbox", { name: /Include this transaction/ })).not.toBeChecked();
  await page.getByRole("checkbox", { name: new RegExp(`public\\.${table}`) }).check();
  const schema = `${table}_back`;
  await page.getByRole("textbox", { name: "Schema name" }).fill(schema);
  await page.getByRole("button", { name: "Restore tables" }).click();

  await expect(page).toHaveURL(/\/restore\/tables\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Complete", { exact: true })).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId(`restored-rows-public.${table}`)).toHaveText("500");
  await expect(page.getByRole("row", { name: new RegExp(`public\\.${table}`) })).toContainText("200");
  await expect(page.getByRole("region", { name: `Put back public.${table}` })).toContainText(`INSERT INTO "public"."${table}"`);
  await shoot(page, "table-restore");

  const restored = (await demoSql(`SELECT count(*)::int AS n FROM ${schema}.${table}`))[0]!.rows[0].n;
  expect(restored).toBe(500);
  const live = (await demoSql(`SELECT count(*)::int AS n FROM public.${table}`))[0]!.rows[0].n;
  expect(live).toBe(300);
});
