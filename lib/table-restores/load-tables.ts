import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { majorFromVersionNum } from "@/lib/domain/pg-version";
import { qualifiedName, quoteIdent, splitTable, type TableRestoreResult } from "@/lib/domain/table-restore";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { streamPgDump } from "@/lib/pg/dump";
import { prepareRestoreDatabase } from "@/lib/pg/pg-restore-database";
import { runPgRestore } from "@/lib/pg/pg-restore";
import { withClient } from "@/lib/pg/with-connection";
import { copySuperuser } from "@/lib/restores/copy-superuser";
import { UserFacingError } from "@/lib/restores/user-facing-error";
import type { TableRestoreRun } from "@/lib/table-restores/begin-table-restore";
import { exactRowCount, tableKind, type TableName } from "@/lib/table-restores/table-catalog";

type Loaded = Omit<TableRestoreResult, "diff">;

/**
 * The chosen tables, from the recovered copy into production, never over live data:
 * 1. in the copy (throwaway, so it may be changed): each table must have existed at the target;
 *    its rows are counted; for a new schema the tables are moved into a schema of that name
 *    (ALTER TABLE … SET SCHEMA carries indexes, constraints and owned sequences along), and
 *    foreign keys to tables not brought back are dropped (they would point at live tables);
 * 2. pg_dump -Fc of those tables, pg_restore --no-owner into production: a new schema created
 *    first by this job (or a new database), so a name someone took meanwhile fails instead of mixing;
 * 3. rows counted on both sides. A load that fails removes the schema or database this job made.
 */
export async function loadTables(run: TableRestoreRun, opts: { bins: PgBinaries; signal: AbortSignal }): Promise<Loaded[]> {
  const { tableRestore: t, production, log } = run;
  const tables = t.tables.map(splitTable);
  const copy = await copySuperuser(run.spec, { user: production.username, database: t.database });
  const intoSchema = t.destination === "schema";
  const moved = (x: TableName): TableName => (intoSchema ? { schema: t.destinationName, name: x.name } : x);

  const { serverMajor, rowsAtTarget } = await withClient(copy, async (c) => {
    const rows: number[] = [];
    for (const x of tables) {
      const kind = await tableKind(c, x);
      if (kind === null)
        throw new UserFacingError(
          `${x.schema}.${x.name} did not exist in database "${t.database}" at the target (${t.targetKind} ${t.targetValue ?? ""}): ` +
            "choose a target when it existed, or check the name.",
        );
      if (kind === "p") throw new UserFacingError(`${x.schema}.${x.name} is a partitioned table: choose its partitions instead.`);
      rows.push(await exactRowCount(c, x));
    }
    await prepareCopy(c, { tables, intoSchema, schema: t.destinationName, log });
    const { rows: v } = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return { serverMajor: majorFromVersionNum(Number(v[0]!.v)), rowsAtTarget: rows };
  });

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-tables-"));
  const archive = path.join(dir, "tables.dump");
  try {
    await streamPgDump(
      {
        bins: opts.bins,
        serverMajor,
        target: copy,
        database: t.database,
        signal: opts.signal,
        choice: {
          format: "custom",
          jobs: 1,
          compressLevel: null,
          selection: { includeSchemas: [], excludeSchemas: [], includeTables: tables.map(moved), excludeTables: [] },
        },
      },
      (stdout) => pipeline(stdout, createWriteStream(archive)),
    );
    await log(`dumped ${tables.length} table(s) from the copy (${(await fs.stat(archive)).size} bytes)`);
    const into = await makeDestination(run, tables, opts.signal);
    try {
      const restored = await runPgRestore({
        bins: opts.bins,
        target: into,
        database: into.database,
        archive,
        jobs: 1,
        noOwner: true,
        clean: false,
        ifExists: false,
        serverMajor,
        signal: opts.signal,
      });
      if (!restored.ok) await log(`pg_restore reported ${restored.errors.count} error(s): ${restored.errors.messages.join("; ")}`);
      const loaded = await countLoaded(run, { into, tables, moved, rowsAtTarget });
      const short = loaded.filter((l) => l.rowsRestored !== l.rowsAtTarget);
      if (short.length)
        throw new UserFacingError(
          `The load lost rows: ${short.map((l) => `${l.table} ${l.rowsRestored} of ${l.rowsAtTarget}`).join(", ")}. ` +
            `pg_restore said: ${restored.errors.messages.join("; ") || "nothing"}`,
        );
      return loaded;
    } catch (err) {
      await removeDestination(run).catch(() => undefined);
      throw err;
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function prepareCopy(
  c: pg.Client,
  q: { tables: TableName[]; intoSchema: boolean; schema: string; log: (line: string) => Promise<void> },
): Promise<void> {
  const oids = (
    await c.query<{ oid: number }>("SELECT to_regclass(x)::oid::int AS oid FROM unnest($1::text[]) x", [
      q.tables.map((x) => qualifiedName(x.schema, x.name)),
    ])
  ).rows.map((r) => r.oid);
  const { rows: outside } = await c.query<{ tbl: string; con: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS con FROM pg_constraint
      WHERE contype = 'f' AND conrelid = ANY($1::oid[]) AND NOT confrelid = ANY($1::oid[])`,
    [oids],
  );
  for (const f of outside) await c.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${quoteIdent(f.con)}`);
  if (outside.length)
    await q.log(
      `left out ${outside.length} foreign key(s) to tables not brought back: ${outside.map((f) => `${f.tbl}.${f.con}`).join(", ")}`,
    );
  if (!q.intoSchema) return;
  await c.query(`CREATE SCHEMA ${quoteIdent(q.schema)}`);
  for (const x of q.tables) await c.query(`ALTER TABLE ${qualifiedName(x.schema, x.name)} SET SCHEMA ${quoteIdent(q.schema)}`);
}

/** Creates the new schema in production's database, or the new database with the tables' schemas. */
async function makeDestination(run: TableRestoreRun, tables: TableName[], signal: AbortSignal): Promise<ConnectionTarget> {
  const { tableRestore: t, production } = run;
  if (t.destination === "schema") {
    await withClient(production, (c) => c.query(`CREATE SCHEMA ${quoteIdent(t.destinationName)}`), signal);
    await run.log(`created schema ${t.destinationName} in database ${t.database}`);
    return production;
  }
  await prepareRestoreDatabase(production, t.destinationName, { overwrite: false, signal });
  const into = { ...production, database: t.destinationName };
  const schemas = [...new Set(tables.map((x) => x.schema))];
  await withClient(into, async (c) => {
    for (const s of schemas) await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);
  });
  await run.log(`created database ${t.destinationName}`);
  return into;
}

/** Only what this job made: the schema or database named on its row, created by makeDestination. */
async function removeDestination(run: TableRestoreRun): Promise<void> {
  const { tableRestore: t, production } = run;
  if (t.destination === "schema")
    await withClient(production, (c) => c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(t.destinationName)} CASCADE`));
  else await withClient(production, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(t.destinationName)}`));
  await run.log(`removed the ${t.destination} ${t.destinationName} this restore had made`);
}

async function countLoaded(
  run: TableRestoreRun,
  q: { into: ConnectionTarget; tables: TableName[]; moved: (x: TableName) => TableName; rowsAtTarget: number[] },
): Promise<Loaded[]> {
  const restored = await withClient(q.into, async (c) => {
    const n: number[] = [];
    for (const x of q.tables) n.push(await exactRowCount(c, q.moved(x)));
    return n;
  });
  const live = await withClient(run.production, async (c) => {
    const n: (number | null)[] = [];
    for (const x of q.tables) n.push((await tableKind(c, x)) === null ? null : await exactRowCount(c, x));
    return n;
  });
  return q.tables.map((x, i) => {
    const to = q.moved(x);
    return {
      table: `${x.schema}.${x.name}`,
      restoredAs:
        run.tableRestore.destination === "schema"
          ? `${to.schema}.${to.name}`
          : `${run.tableRestore.destinationName}: ${to.schema}.${to.name}`,
      rowsAtTarget: q.rowsAtTarget[i]!,
      rowsRestored: restored[i]!,
      rowsLive: live[i]!,
    };
  });
}
