import type { RequestDumpRestoreBody } from "@/lib/domain/dump-input";
import type { TableName } from "@/lib/domain/dump-toc";

// The "Into" choice that is no cluster: a new PostgreSQL instance the worker makes for this restore.
export const NEW_INSTANCE = "new_instance";

/** What the dump restore form holds, as typed: `into` is a cluster id or NEW_INSTANCE; `jobs` is the field's text. */
export interface DumpRestoreChoices {
  into: string;
  targetDatabase: string;
  /** The whole dump, or only `schemas` and `tables` (keys from tableKey). */
  whole: boolean;
  schemas: ReadonlySet<string>;
  tables: ReadonlySet<string>;
  jobs: string;
  noOwner: boolean;
  clean: boolean;
  ifExists: boolean;
  confirmDatabase: string;
}

/** The dump's facts the choices depend on. */
export interface DumpFacts {
  format: "custom" | "directory" | "plain";
  toc: { tables: TableName[] } | null;
}

/** One table's key in `DumpRestoreChoices.tables`. */
export const tableKey = (t: TableName) => JSON.stringify([t.schema, t.name]);

/** `set` with `value` added (on) or removed, as a new set. */
export function toggled(set: ReadonlySet<string>, value: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

/** Whether the restore drops and replaces an existing database's objects (--clean): never for a plain dump or a new instance. */
export function overwrites(dump: DumpFacts, c: DumpRestoreChoices): boolean {
  return c.clean && dump.format !== "plain" && c.into !== NEW_INSTANCE;
}

/**
 * The POST /api/v1/dumps/:id/restores body. A plain dump is restored whole by psql, in one job; a
 * table whose schema is chosen whole is not listed again.
 */
export function dumpRestoreBody(dump: DumpFacts, c: DumpRestoreChoices): RequestDumpRestoreBody {
  const plain = dump.format === "plain";
  const newInstance = c.into === NEW_INSTANCE;
  const overwrite = overwrites(dump, c);
  return {
    target: { kind: newInstance ? "new_instance" : "cluster" },
    targetClusterId: newInstance ? undefined : c.into,
    targetDatabase: c.targetDatabase,
    selection:
      c.whole || plain
        ? undefined
        : {
            schemas: [...c.schemas],
            tables: (dump.toc?.tables ?? []).filter((t) => c.tables.has(tableKey(t)) && !c.schemas.has(t.schema)),
          },
    jobs: plain ? 1 : Number(c.jobs),
    noOwner: c.noOwner,
    clean: overwrite,
    ifExists: overwrite && c.ifExists,
    confirmDatabase: overwrite ? c.confirmDatabase : "",
  };
}
