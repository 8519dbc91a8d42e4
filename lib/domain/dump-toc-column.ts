/**
 * What a dump stores about its contents: its table of contents and the relations of its tables
 * (dumps.toc), and its entries counted by type (dumps.toc_summary).
 */
import { z } from "zod";
import type { TableRelations, TocEntry } from "./dump-toc";
import { readJsonColumn } from "./json-column";

const tableName = z.object({ schema: z.string(), name: z.string() });

const tocEntry: z.ZodType<TocEntry> = z.object({
  id: z.number().int(),
  type: z.string(),
  schema: z.string().nullable(),
  name: z.string(),
  owner: z.string(),
});

const tableRelations: z.ZodType<TableRelations> = tableName.extend({
  indexes: z.array(z.string()),
  constraints: z.array(z.string()),
  defaults: z.array(z.string()),
  triggers: z.array(z.string()),
  sequences: z.array(tableName),
  foreignKeys: z.array(z.object({ name: z.string(), references: tableName })),
});

export const dumpToc = z.object({ entries: z.array(tocEntry), relations: z.array(tableRelations) });
export type DumpToc = z.infer<typeof dumpToc>;

/** null for a plain script (pg_restore does not list one) and for a dump that is not complete. */
export function readDumpToc(row: { id: string; toc: unknown }): DumpToc | null {
  return readJsonColumn(dumpToc.nullable(), row.toc, { table: "dumps", id: row.id, column: "toc" });
}

/** What summarizeToc() counted: entries per type, e.g. { TABLE: 12, INDEX: 30 }. */
export const tocSummary = z.record(z.string(), z.number());
export type TocSummary = z.infer<typeof tocSummary>;

/** null, as the toc, for a plain script and a dump that is not complete. */
export function readTocSummary(row: { id: string; tocSummary: unknown }): TocSummary | null {
  return readJsonColumn(tocSummary.nullable(), row.tocSummary, { table: "dumps", id: row.id, column: "toc_summary" });
}
