import fs from "node:fs/promises";
import path from "node:path";
import internals from "@prisma/internals";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/lib/embedded/catalog";
import { useCatalog } from "@/test/harness/catalog";

/**
 * schema.prisma and the hand-written migrations must describe the same database: the generated
 * client trusts the schema, the database obeys the migrations. This compares the two through
 * Prisma's own reading of the schema (DMMF) and the migrated catalog's information_schema.
 */
const { databaseUrl } = useCatalog();

type Column = { type: string; nullable: boolean };
type Shape = {
  columns: Record<string, Record<string, Column>>;
  uniques: string[];
  primaryKeys: string[];
  foreignKeys: string[];
  indexes: string[];
  enums: Record<string, string[]>;
};

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Boolean: "bool",
  DateTime: "timestamptz",
  Float: "float8",
  Json: "jsonb",
};
const NATIVE_TYPES: Record<string, string> = { Uuid: "uuid", Timestamptz: "timestamptz", Text: "text", Integer: "int4" };
const ACTIONS: Record<string, string> = { Cascade: "CASCADE", SetNull: "SET NULL", Restrict: "RESTRICT", NoAction: "NO ACTION" };

async function schemaShape(): Promise<Shape> {
  const datamodel = await fs.readFile(path.resolve(MIGRATIONS_DIR, "..", "schema.prisma"), "utf8");
  const dmmf = await internals.getDMMF({ datamodel });
  const shape: Shape = { columns: {}, uniques: [], primaryKeys: [], foreignKeys: [], indexes: [], enums: {} };
  const enumDbName = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of dmmf.datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const colName = (field: string) => model.fields.find((f) => f.name === field)?.dbName ?? field;
    const cols: Record<string, Column> = {};
    for (const f of model.fields) {
      if (f.kind === "object") {
        if (f.relationFromFields?.length) {
          const target = dmmf.datamodel.models.find((m) => m.name === f.type)!;
          const targetCol = (n: string) => target.fields.find((x) => x.name === n)?.dbName ?? n;
          shape.foreignKeys.push(
            `${table}(${f.relationFromFields.map(colName).join(",")}) -> ${target.dbName ?? target.name}(${f.relationToFields!.map(targetCol).join(",")}) on delete ${ACTIONS[f.relationOnDelete ?? ""] ?? (f.isRequired ? "RESTRICT" : "SET NULL")}`,
          );
        }
        continue;
      }
      const native = f.nativeType?.[0] as string | undefined;
      const type = f.kind === "enum" ? enumDbName.get(f.type)! : native ? (NATIVE_TYPES[native] ?? native) : SCALAR_TYPES[f.type];
      // A list (String[]) is an array column: PostgreSQL names its type with a leading underscore.
      cols[f.dbName ?? f.name] = { type: f.isList ? `_${type!}` : type!, nullable: !f.isRequired };
      if (f.isId) shape.primaryKeys.push(`${table}(${f.dbName ?? f.name})`);
    }
    shape.columns[table] = cols;
  }
  for (const idx of dmmf.datamodel.indexes) {
    const model = dmmf.datamodel.models.find((m) => m.name === idx.model)!;
    const table = model.dbName ?? model.name;
    const cols = idx.fields.map((f) => model.fields.find((x) => x.name === f.name)?.dbName ?? f.name).join(",");
    if (idx.type === "unique") shape.uniques.push(`${table}(${cols})`);
    if (idx.type === "normal") shape.indexes.push(`${table}(${cols})`);
    if (idx.type === "id" && !shape.primaryKeys.includes(`${table}(${cols})`)) shape.primaryKeys.push(`${table}(${cols})`);
  }
  return normalise(shape);
}

async function databaseShape(): Promise<Shape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const shape: Shape = { columns: {}, uniques: [], primaryKeys: [], foreignKeys: [], indexes: [], enums: {} };
    const cols = await client.query(`
      SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    for (const r of cols.rows) {
      (shape.columns[r.table_name] ??= {})[r.column_name] = { type: r.udt_name, nullable: r.is_nullable === "YES" };
    }
    const enums = await client.query(`
      SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    for (const r of enums.rows) shape.enums[r.typname] = r.labels;
    const idx = await client.query(`
      SELECT c.relname AS table_name, i.indisunique, i.indisprimary,
             array_agg(a.attname::text ORDER BY k.ord) AS cols
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE c.relname <> '_prisma_migrations'
       GROUP BY c.relname, i.indexrelid, i.indisunique, i.indisprimary`);
    for (const r of idx.rows) {
      const key = `${r.table_name}(${r.cols.join(",")})`;
      if (r.indisprimary) shape.primaryKeys.push(key);
      else if (r.indisunique) shape.uniques.push(key);
      else shape.indexes.push(key);
    }
    const fks = await client.query(`
      SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref, c.confdeltype,
             (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.conkey) WITH ORDINALITY u(n, ord) JOIN pg_attribute ON attrelid = c.conrelid AND attnum = u.n) AS cols,
             (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.confkey) WITH ORDINALITY u(n, ord) JOIN pg_attribute ON attrelid = c.confrelid AND attnum = u.n) AS refcols
        FROM pg_constraint c WHERE c.contype = 'f'`);
    const DEL: Record<string, string> = { c: "CASCADE", n: "SET NULL", r: "RESTRICT", a: "NO ACTION" };
    for (const r of fks.rows) {
      shape.foreignKeys.push(
        `${r.tbl.replaceAll('"', "")}(${r.cols.join(",")}) -> ${r.ref.replaceAll('"', "")}(${r.refcols.join(",")}) on delete ${DEL[r.confdeltype]}`,
      );
    }
    return normalise(shape);
  } finally {
    await client.end();
  }
}

function normalise(s: Shape): Shape {
  return {
    ...s,
    uniques: s.uniques.sort(),
    primaryKeys: s.primaryKeys.sort(),
    foreignKeys: s.foreignKeys.sort(),
    indexes: s.indexes.sort(),
  };
}

describe("catalog schema drift", () => {
  it("schema.prisma and the migrated catalog agree on tables, columns, types, nullability, keys and indexes", async () => {
    const [expected, actual] = await Promise.all([schemaShape(), databaseShape()]);
    expect(Object.keys(expected.columns).length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});
