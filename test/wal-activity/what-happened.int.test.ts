// The WAL inspector on a real server: a DELETE without WHERE, an UPDATE without WHERE, a TRUNCATE
// and a DROP TABLE among pgbench's writes, each found by the index with the xid the transaction
// itself read (txid_current()), its commit time and its row count; the dropped table still named.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSegmentName, segmentName } from "@/lib/domain/wal-segment";
import { recordRelationNames } from "@/lib/relations/record-relation-names";
import { createPosixRepository } from "@/lib/storage/posix";
import { getActivity, type ActivityTransaction } from "@/lib/wal-activity/get-activity";
import { indexSegment } from "@/lib/wal/index-segments";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testBinaries, useTestCluster, type TestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";

const cat = useCatalog();
// Commit timestamps to compare with; WAL kept in pg_wal until the test copied it out.
const server = useTestCluster({ settings: { track_commit_timestamp: "on", wal_keep_size: "2GB" } });

// Enough rows that the DELETE crosses segment boundaries (54 bytes of WAL a row): its records are
// joined across segments, and the record cut by a boundary is read whole.
const ORDERS = 400_000;

interface Done {
  xid: string;
  at: Date;
}

/** Runs `sql` in one transaction and returns the xid it had and its commit time. */
async function inTransaction(c: TestCluster, sql: string): Promise<Done> {
  const client = new pg.Client({ connectionString: c.connectionString() });
  await client.connect();
  try {
    await client.query("BEGIN");
    const xid = (await client.query("SELECT txid_current()::text AS xid")).rows[0].xid as string;
    await client.query(sql);
    await client.query("COMMIT");
    // This transaction's own commit time (pg_last_committed_xact() would be pgbench's, meanwhile).
    const at = new Date(
      (await client.query("SELECT date_trunc('milliseconds', pg_xact_commit_timestamp($1::text::xid)) AS t", [xid])).rows[0].t,
    );
    return { xid, at };
  } finally {
    await client.end();
  }
}

let clusterId: string;
let scratch: string;
const found: Record<"delete" | "update" | "truncate" | "drop", Done> = {} as never;

beforeAll(async () => {
  const c = server();
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-activity-"));
  const r = await createTestRepository(cat.db);
  const repo = createPosixRepository(r.path);
  clusterId = (
    await cat.db.cluster.create({
      data: {
        name: uniqueName("activity"),
        host: c.host,
        port: c.port,
        database: "postgres",
        username: c.superuser,
        sslmode: "disable",
        repositoryId: r.id,
      },
    })
  ).id;
  await pgbenchInit(c, 1);
  await c.query(
    `CREATE TABLE orders (id int PRIMARY KEY, amount int); INSERT INTO orders SELECT g, g FROM generate_series(1, ${ORDERS}) g`,
  );
  await c.query("CREATE TABLE items (id int, price int); INSERT INTO items SELECT g, 1 FROM generate_series(1, 700) g");
  await c.query("CREATE TABLE logs (line text); INSERT INTO logs SELECT 'x' FROM generate_series(1, 300)");
  await c.query("CREATE TABLE gone (id int); INSERT INTO gone SELECT generate_series(1, 200)");
  // The relation map as a backup or the monitor would record it, before the DROP.
  const target = {
    host: c.host,
    port: c.port,
    database: "postgres",
    username: c.superuser,
    password: c.password,
    sslmode: "disable" as const,
  };
  await recordRelationNames(cat.db, { clusterId, target });

  const first = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;
  const stop = new AbortController();
  const load = pgbenchRun(c, { seconds: 120, clients: 2, signal: stop.signal }).catch(() => undefined);
  try {
    found.delete = await inTransaction(c, "DELETE FROM orders");
    found.update = await inTransaction(c, "UPDATE items SET price = price + 1");
    found.truncate = await inTransaction(c, "TRUNCATE logs");
    found.drop = await inTransaction(c, "DROP TABLE gone");
  } finally {
    stop.abort();
    await load;
  }
  const last = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;

  // Archive every segment written meanwhile, then index them oldest first, as the index job does.
  const bins = testBinaries();
  const names: string[] = [];
  for (let s = parseSegmentName(first).segno + 1n; s <= parseSegmentName(last).segno; s++) names.push(segmentName(1, s));
  for (const name of names) {
    await fs.copyFile(path.join(c.dataDir, "pg_wal", name), path.join(scratch, name));
    await pushWalFile({ db: cat.db, repo, clusterId, filePath: path.join(scratch, name), source: "push" });
    await fs.rm(path.join(scratch, name));
  }
  for (const name of names) await indexSegment({ db: cat.db, repo, bins, clusterId, name, scratchDir: scratch });
  return () => fs.rm(scratch, { recursive: true, force: true });
});

const truncMs = (d: Date) => new Date(Math.floor(d.getTime())).toISOString();

describe("what happened", () => {
  it("finds each destructive transaction with its xid, commit time, rows and table", async () => {
    const { transactions } = await getActivity(cat.db, { clusterId, query: {} });
    const byXid = (xid: string) => transactions.find((t) => t.xid === xid) as ActivityTransaction;

    expect(byXid(found.delete.xid)).toMatchObject({
      kind: "delete",
      endedAt: truncMs(found.delete.at),
      rowsDeleted: ORDERS,
      relations: [{ label: "postgres.public.orders", known: true, deleted: ORDERS, event: null }],
    });
    expect(byXid(found.update.xid)).toMatchObject({
      kind: "update",
      endedAt: truncMs(found.update.at),
      rowsUpdated: 700,
      relations: [{ label: "postgres.public.items", updated: 700 }],
    });
    expect(byXid(found.truncate.xid)).toMatchObject({
      kind: "truncate",
      endedAt: truncMs(found.truncate.at),
      relations: [{ label: "postgres.public.logs", event: "truncate" }],
    });
    // Dropped, and still named as it was.
    expect(byXid(found.drop.xid)).toMatchObject({
      kind: "drop",
      endedAt: truncMs(found.drop.at),
      relations: [{ label: "postgres.public.gone", known: true, event: "drop" }],
    });
    // pgbench's small transactions are in the totals, not in the list.
    expect(transactions.every((t) => t.relations.every((r) => !r.label.includes("pgbench_")))).toBe(true);
  });

  it("filters by table, kind and minimum rows, and draws the minutes", async () => {
    const byTable = await getActivity(cat.db, { clusterId, query: { table: "orders" } });
    expect(byTable.transactions.map((t) => t.xid)).toEqual([found.delete.xid]);
    expect(byTable.minutes.reduce((n, m) => n + m.deleted, 0)).toBe(ORDERS);

    const big = await getActivity(cat.db, { clusterId, query: { minRows: 1000, kind: "delete" } });
    expect(big.transactions.map((t) => t.xid)).toEqual([found.delete.xid]);
    const drops = await getActivity(cat.db, { clusterId, query: { kind: "drop" } });
    expect(drops.transactions.map((t) => t.xid)).toEqual([found.drop.xid]);

    const all = await getActivity(cat.db, { clusterId, query: {} });
    expect(all.minutes.reduce((n, m) => n + m.drops, 0)).toBeGreaterThanOrEqual(1);
    expect(all.tables).toContain("postgres.public.gone");
    await expect(getActivity(cat.db, { clusterId, query: { table: "nosuch" } })).rejects.toThrow('No table named "nosuch"');
  });
});
