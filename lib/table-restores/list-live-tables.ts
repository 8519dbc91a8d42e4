import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { withClient } from "@/lib/pg/with-connection";
import { listUserTables, type LiveTable } from "@/lib/table-restores/table-catalog";

/** The tables of a database of the cluster, read live, for the "Restore tables" form. */
export async function listLiveTables(
  db: Db,
  opts: { clusterId: string; database?: string; secretKey: Buffer },
): Promise<{ database: string; tables: LiveTable[] }> {
  if (!(await db.cluster.findUnique({ where: { id: opts.clusterId }, select: { id: true } }))) throw notFound("The cluster");
  const production = await connectionTarget(db, opts.clusterId, opts.secretKey);
  const database = opts.database ?? production.database;
  return { database, tables: await withClient({ ...production, database }, listUserTables) };
}
