import type { Readable } from "node:stream";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import { missingRowsQuery, splitTable } from "@/lib/domain/table-restore";
import { AppError } from "@/lib/errors/app-error";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";
import { getTableRestore } from "@/lib/table-restores/find-table-restores";

/**
 * The rows a live table lacks, as CSV with a header, streamed from production with COPY … TO
 * STDOUT (never held whole): only for a complete restore into a new schema whose difference view
 * found a primary key for that table. Returns the file name and the stream.
 */
export async function missingRowsCsv(
  db: Db,
  opts: { clusterId: string; id: string; table: string; secretKey: Buffer },
): Promise<{ fileName: string; body: Readable }> {
  const t = await getTableRestore(db, { clusterId: opts.clusterId, id: opts.id });
  const result = t.results?.find((r) => r.table === opts.table);
  if (!result) throw new AppError("not_found", `${opts.table} is not one of this restore's tables (${t.tables.join(", ")}).`);
  if (t.status !== "complete" || !result.diff)
    throw new AppError("conflict", "This restore has no difference view: restore with the difference turned on, into a new schema.");
  if (!result.diff.ok) throw new AppError("conflict", result.diff.reason);
  const production = { ...(await connectionTarget(db, opts.clusterId, opts.secretKey)), database: t.database };
  const query = missingRowsQuery({
    restored: splitTable(result.restoredAs),
    live: splitTable(result.table),
    primaryKey: result.diff.primaryKey,
  });
  return {
    fileName: `${result.table}-missing.csv`,
    body: await openCopy(production, `COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER)`),
  };
}

/** A connection of its own for the COPY, ended when the stream closes (read to the end, failed or given up). */
async function openCopy(target: ConnectionTarget, statement: string): Promise<Readable> {
  const client = await withSslFallback(target, async (plain) => {
    const c = new pg.Client(clientConfig(target, { connectTimeoutMs: 10_000, plain }));
    c.on("error", () => undefined);
    await c.connect();
    return c;
  });
  const stream = client.query(copyTo(statement));
  stream.once("close", () => void client.end().catch(() => undefined));
  return stream;
}
