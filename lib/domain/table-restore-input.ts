import { z } from "zod";
import { restoreTargetInput } from "./restore-target-input";
import { pgNameInput } from "./text-input";

const schemaName = pgNameInput("schema name", { empty: "Enter a schema name.", tooLong: "Schema names are at most 63 bytes." });
const tableName = pgNameInput("table name", { empty: "Enter a table name.", tooLong: "Table names are at most 63 bytes." });
const databaseName = pgNameInput("database name", { empty: "Enter a database name.", tooLong: "Database names are at most 63 bytes." });

/** One table of the production database, as the form lists them. */
export const tableRefInput = z.object({
  // A table is recorded as "schema.table", split at its first dot.
  schema: schemaName.refine((s) => !s.includes("."), "Schemas whose name contains a dot cannot be restored table by table."),
  name: tableName,
});
export type TableRef = z.infer<typeof tableRefInput>;

/**
 * POST /api/v1/clusters/:id/table-restores (and the "Restore tables" form). The tables come back
 * under a new schema of the production database (default) or into a new database; the difference
 * view compares with the live tables, so it needs them in the same database.
 */
export const tableRestoreRequestInput = z
  .object({
    target: restoreTargetInput,
    /** Omitted: the newest complete backup that ends before the target. */
    backupId: z.uuid("Choose a backup.").optional(),
    /** The production database the tables are in; omitted: the one the cluster connects to. */
    database: databaseName.optional(),
    tables: z.array(tableRefInput, { error: "Choose the tables to bring back." }).min(1, "Choose at least one table.").max(100),
    destination: z
      .discriminatedUnion("kind", [
        /** Omitted name: wayback_restored_<UTC date>_<hhmm> (lib/domain/table-restore.ts). */
        z.object({ kind: z.literal("schema"), name: schemaName.optional() }),
        z.object({ kind: z.literal("database"), name: databaseName.optional() }),
      ])
      .default({ kind: "schema" }),
    /** Count, list (CSV) and show how to put back the rows the live tables lack, by primary key. */
    diff: z.boolean().default(false),
    /** true: only plan and check (the form's preview); nothing is started. */
    dryRun: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, string>();
    v.tables.forEach((t, i) => {
      const other = seen.get(t.name);
      if (other === t.schema) ctx.addIssue({ code: "custom", path: ["tables", i], message: `${t.schema}.${t.name} is chosen twice.` });
      else if (other !== undefined && v.destination.kind === "schema")
        ctx.addIssue({
          code: "custom",
          path: ["tables", i],
          message: `${other}.${t.name} and ${t.schema}.${t.name} would both become ${t.name} in the one new schema: restore them one at a time.`,
        });
      seen.set(t.name, t.schema);
    });
    if (v.diff && v.destination.kind === "database")
      ctx.addIssue({
        code: "custom",
        path: ["diff"],
        message: "The difference is computed beside the live tables: restore into a new schema to see it, or turn it off.",
      });
  });
export type TableRestoreRequestInput = z.infer<typeof tableRestoreRequestInput>;

export const listTableRestoresQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** GET …/table-restores/:id/diff.csv?table=schema.name */
export const tableDiffQuery = z.object({
  table: z
    .string({ error: "Name the table: ?table=schema.name." })
    .regex(/^[^.]+\.[^.]+$/, "Name the table as schema.name, as the restore lists it."),
});

/** GET /api/v1/clusters/:id/tables?database= : omitted, the database the cluster connects to. */
export const liveTablesQuery = z.object({ database: databaseName.optional() });
