import type pg from "pg";
import { grantToRun, qualifiedName } from "@/lib/domain/table-restore";
import type { TableRef } from "@/lib/domain/table-restore-input";
import { AppError } from "@/lib/errors/app-error";
import { primaryKey, tableKind } from "@/lib/table-restores/table-catalog";

export interface ProductionChecks {
  destination: "schema" | "database";
  destinationName: string;
  tables: TableRef[];
  diff: boolean;
}

/**
 * What production must allow before anything is recovered: the cluster's role may create the new
 * schema in this database (or a new database) — else the refusal names the GRANT to run —, the new
 * name is free, and a table compared by the difference view has a primary key. A table that no
 * longer exists live is fine (that is what DROP TABLE looks like); the copy says whether it
 * existed at the target.
 */
export async function checkProduction(c: pg.Client, q: ProductionChecks): Promise<void> {
  const { rows } = await c.query<{ role: string; database: string; create_schema: boolean; create_db: boolean }>(
    `SELECT current_user AS role, current_database() AS database,
            has_database_privilege(current_database(), 'CREATE') AS create_schema,
            (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS create_db`,
  );
  const me = rows[0]!;
  if (q.destination === "schema" && !me.create_schema)
    throw new AppError(
      "forbidden",
      `The cluster's role "${me.role}" cannot create schemas in database "${me.database}". Run on the cluster: ` +
        `${grantToRun("schema", me.database, me.role)} Then restore again.`,
      { "destination.kind": [`Needs: ${grantToRun("schema", me.database, me.role)}`] },
    );
  if (q.destination === "database" && !me.create_db)
    throw new AppError(
      "forbidden",
      `The cluster's role "${me.role}" cannot create databases. Run on the cluster: ${grantToRun("database", me.database, me.role)} ` +
        `Then restore again, or restore into a new schema.`,
      { "destination.kind": [`Needs: ${grantToRun("database", me.database, me.role)}`] },
    );
  const taken = await c.query(
    q.destination === "schema" ? "SELECT 1 FROM pg_namespace WHERE nspname = $1" : "SELECT 1 FROM pg_database WHERE datname = $1",
    [q.destinationName],
  );
  if (taken.rowCount)
    throw new AppError("conflict", `A ${q.destination} named "${q.destinationName}" already exists: choose another name.`, {
      "destination.name": ["Already exists."],
    });
  if (!q.diff) return;
  for (const t of q.tables) {
    if ((await tableKind(c, t)) !== null && (await primaryKey(c, t)) === null)
      throw new AppError(
        "validation_failed",
        `${qualifiedName(t.schema, t.name)} has no primary key: the difference view matches rows by primary key. Turn the difference off, or restore this table on its own without it.`,
        { diff: [`${t.schema}.${t.name} has no primary key.`] },
      );
  }
}
