import { describe, expect, it } from "vitest";
import { readDumpToc, readTocSummary } from "@/lib/domain/dump-toc-column";
import { parseTocList } from "@/lib/domain/dump-toc";
import { StoredRowError } from "@/lib/errors/stored-row-error";

const entries = parseTocList("3; 2615 2200 SCHEMA - public pg_database_owner\n215; 1259 16390 TABLE public accounts app\n");
const relations = [
  {
    schema: "public",
    name: "accounts",
    indexes: ["accounts_name"],
    constraints: ["accounts_pkey"],
    defaults: ["id"],
    triggers: [],
    sequences: [{ schema: "public", name: "accounts_id_seq" }],
    foreignKeys: [],
  },
];

describe("readDumpToc", () => {
  it("reads back the table of contents a dump stored, through JSON as the catalog keeps it", () => {
    const stored: unknown = JSON.parse(JSON.stringify({ entries, relations }));
    expect(readDumpToc({ id: "d1", toc: stored })).toEqual({ entries, relations });
  });

  it("reads a dump without one (a plain script) as null", () => {
    expect(readDumpToc({ id: "d1", toc: null })).toBeNull();
  });

  it("refuses a table of contents in another shape with the row and the problem named", () => {
    // An older shape: the entries alone, without the tables' relations.
    const read = () => readDumpToc({ id: "d1", toc: entries });
    expect(read).toThrow(StoredRowError);
    expect(read).toThrow(/The catalog row dumps d1 has a toc column this version of Wayback cannot read \(Invalid input: expected object/);
  });
});

describe("readTocSummary", () => {
  it("reads the entries counted by type, and null without a table of contents", () => {
    expect(readTocSummary({ id: "d1", tocSummary: { TABLE: 2, INDEX: 3 } })).toEqual({ TABLE: 2, INDEX: 3 });
    expect(readTocSummary({ id: "d1", tocSummary: null })).toBeNull();
  });

  it("refuses counts kept as text, naming the dump and the column", () => {
    expect(() => readTocSummary({ id: "d2", tocSummary: { TABLE: "2" } })).toThrow(
      /catalog row dumps d2 has a toc_summary column .*TABLE: /,
    );
  });
});
