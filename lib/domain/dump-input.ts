import { z } from "zod";
import { confirmNameInput } from "./confirm-name";
import { readJsonColumn } from "./json-column";
import { pgNameInput } from "./text-input";

const name = pgNameInput("name", { empty: "A name cannot be empty.", tooLong: "PostgreSQL names are at most 63 bytes." });
const tableName = z.object({ schema: name, name });

export const dumpOptions = z.object({
  includeSchemas: z.array(name).max(200).default([]),
  excludeSchemas: z.array(name).max(200).default([]),
  includeTables: z.array(tableName).max(1000).default([]),
  excludeTables: z.array(tableName).max(1000).default([]),
});
export type DumpOptions = z.infer<typeof dumpOptions>;

/** The schemas and tables a dump was asked for, as its row keeps them (dumps.options; {} is everything). */
export function readDumpOptions(row: { id: string; options: unknown }): DumpOptions {
  return readJsonColumn(dumpOptions, row.options, { table: "dumps", id: row.id, column: "options" });
}

export const requestDumpBody = z
  .object({
    database: name,
    format: z.enum(["custom", "directory", "plain"], { error: "format is custom, directory or plain." }).default("custom"),
    jobs: z.number().int().min(1).max(16).default(1),
    // pg_dump -Z: gzip level; null: pg_dump's default (compressed for custom and directory).
    compressLevel: z.number().int().min(0).max(9).nullable().default(null),
    globals: z.boolean().default(true),
  })
  .extend(dumpOptions.shape)
  .refine((b) => b.jobs === 1 || b.format === "directory", { path: ["jobs"], message: "Parallel jobs need the directory format." })
  .refine((b) => b.compressLevel === null || b.format !== "plain", {
    path: ["compressLevel"],
    message: "Plain SQL dumps are stored uncompressed, so psql can read them as they are.",
  });
export type RequestDumpBody = z.infer<typeof requestDumpBody>;

export const listDumpsQuery = z.object({
  status: z.enum(["running", "complete", "failed"], { error: "status is running, complete or failed." }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListDumpsQuery = z.infer<typeof listDumpsQuery>;

export const restoreSelection = z.object({
  schemas: z.array(name).max(200).default([]),
  tables: z.array(tableName).max(1000).default([]),
});

export const requestDumpRestoreBody = z
  .object({
    // A database of a registered cluster (targetClusterId), or a new PostgreSQL instance the worker
    // makes on its host for this restore (globals.sql applied first).
    target: z
      .object({ kind: z.enum(["cluster", "new_instance"], { error: "target.kind is cluster or new_instance." }) })
      .default({ kind: "cluster" }),
    targetClusterId: z.uuid("targetClusterId must be a cluster id.").optional(),
    targetDatabase: name,
    // Absent: the whole dump.
    selection: restoreSelection.optional(),
    jobs: z.number().int().min(1).max(16).default(1),
    // pg_restore --no-owner --no-acl: owners and grants both name roles the target may not have.
    noOwner: z.boolean().default(true),
    clean: z.boolean().default(false),
    ifExists: z.boolean().default(false),
    // With clean: the target database's name typed again, to restore over it.
    confirmDatabase: confirmNameInput,
  })
  .refine((b) => !b.selection || b.selection.schemas.length + b.selection.tables.length > 0, {
    path: ["selection"],
    message: "Choose at least one schema or table, or restore the whole dump.",
  })
  .refine((b) => !b.ifExists || b.clean, { path: ["ifExists"], message: "--if-exists goes with clean." })
  .refine((b) => b.target.kind !== "cluster" || b.targetClusterId, {
    path: ["targetClusterId"],
    message: "targetClusterId must be a cluster id.",
  })
  .refine((b) => b.target.kind !== "new_instance" || !b.targetClusterId, {
    path: ["targetClusterId"],
    message: "A new instance is made on the worker's host: leave targetClusterId out.",
  })
  .refine((b) => b.target.kind !== "new_instance" || !b.clean, {
    path: ["clean"],
    message: "A new instance holds no database to restore over.",
  });
export type RequestDumpRestoreBody = z.infer<typeof requestDumpRestoreBody>;
