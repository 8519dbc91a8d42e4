import { describe, expect, it } from "vitest";
import {
  parseTocList,
  restoreListFile,
  selectEntries,
  summarizeToc,
  tocSchemas,
  tocTables,
  type TableRelations,
} from "@/lib/domain/dump-toc";

// Real `pg_restore --list` output (PostgreSQL 15) of a database whose names need quoting.
const LIST = `;
; Archive created at 2026-11-25 04:40:00 UTC
;     dbname: dæmø base
;
; Selected TOC Entries:
;
6; 2615 16385 SCHEMA - my schema postgres
216; 1259 16387 TABLE my schema a "quoted" table postgres
215; 1259 16386 SEQUENCE my schema a "quoted" table_id_seq postgres
3361; 0 0 SEQUENCE OWNED BY my schema a "quoted" table_id_seq postgres
219; 1259 16410 TABLE my schema my parent postgres
218; 1259 16397 TABLE public t2 postgres
217; 1259 16396 SEQUENCE public t2_id_seq postgres
3203; 2604 16390 DEFAULT my schema a "quoted" table id postgres
3352; 0 16387 TABLE DATA my schema a "quoted" table postgres
3353; 0 16410 TABLE DATA my schema my parent postgres
3354; 0 16397 TABLE DATA public t2 postgres
3362; 0 0 SEQUENCE SET my schema a "quoted" table_id_seq postgres
3363; 0 0 SEQUENCE SET public t2_id_seq postgres
3205; 2606 16394 CONSTRAINT my schema a "quoted" table a "quoted" table_pkey postgres
3207; 2606 16412 CONSTRAINT my schema my parent my parent_pkey postgres
3208; 2606 16401 CONSTRAINT public t2 t2_pkey postgres
3206; 1259 16395 INDEX my schema idx one postgres
3209; 2606 16413 FK CONSTRAINT my schema a "quoted" table a "quoted" table_p_fkey postgres
3370; 0 0 COMMENT my schema TABLE a "quoted" table postgres
3371; 0 0 ENCODING - ENCODING 
`;

const QUOTED = { schema: "my schema", name: 'a "quoted" table' };
const RELATIONS: TableRelations[] = [
  {
    ...QUOTED,
    indexes: ["idx one"],
    constraints: ['a "quoted" table_pkey'],
    defaults: ["id"],
    triggers: [],
    sequences: [{ schema: "my schema", name: 'a "quoted" table_id_seq' }],
    foreignKeys: [{ name: 'a "quoted" table_p_fkey', references: { schema: "my schema", name: "my parent" } }],
  },
];

describe("parseTocList", () => {
  const entries = parseTocList(LIST);

  it("reads type, schema, name and owner even when names contain spaces and quotes", () => {
    expect(entries).toHaveLength(20);
    expect(entries[0]).toEqual({ id: 6, type: "SCHEMA", schema: null, name: "my schema", owner: "postgres" });
    expect(entries.find((e) => e.id === 216)).toEqual({
      id: 216,
      type: "TABLE",
      schema: "my schema",
      name: 'a "quoted" table',
      owner: "postgres",
    });
    expect(entries.find((e) => e.id === 3352)).toMatchObject({ type: "TABLE DATA", schema: "my schema", name: 'a "quoted" table' });
    expect(entries.find((e) => e.id === 3361)).toMatchObject({ type: "SEQUENCE OWNED BY", name: 'a "quoted" table_id_seq' });
    expect(entries.find((e) => e.id === 3209)).toMatchObject({
      type: "FK CONSTRAINT",
      schema: "my schema",
      name: 'a "quoted" table a "quoted" table_p_fkey',
    });
    expect(entries.find((e) => e.id === 3371)).toEqual({ id: 3371, type: "ENCODING", schema: null, name: "ENCODING", owner: "" });
  });

  it("ignores comments and blank lines", () => {
    expect(parseTocList(";\n; Archive created\n\n")).toEqual([]);
  });

  it("summarises entries per type and lists tables and schemas in name order", () => {
    expect(summarizeToc(entries)).toMatchObject({ TABLE: 3, "TABLE DATA": 3, CONSTRAINT: 3, "FK CONSTRAINT": 1, INDEX: 1, SCHEMA: 1 });
    expect(tocTables(entries)).toEqual([QUOTED, { schema: "my schema", name: "my parent" }, { schema: "public", name: "t2" }]);
    expect(tocSchemas(entries)).toEqual(["my schema", "public"]);
  });
});

describe("selectEntries", () => {
  const entries = parseTocList(LIST);
  const ids = (selection: Parameters<typeof selectEntries>[2], createSchemas = true) =>
    selectEntries(entries, RELATIONS, selection, { createSchemas }).map((e) => e.id);

  it("takes a table with its data, sequence, default, constraints, index and comment, in archive order", () => {
    expect(ids({ schemas: [], tables: [QUOTED] })).toEqual([6, 216, 215, 3361, 3203, 3352, 3362, 3205, 3206, 3370]);
  });

  it("leaves a foreign key out unless the table it references is restored too", () => {
    expect(ids({ schemas: [], tables: [QUOTED, { schema: "my schema", name: "my parent" }] })).toContain(3209);
    expect(ids({ schemas: [], tables: [QUOTED] })).not.toContain(3209);
  });

  it("does not create the schema in an existing database", () => {
    expect(ids({ schemas: [], tables: [QUOTED] }, false)).not.toContain(6);
  });

  it("takes everything of a whole schema, and nothing of others", () => {
    const chosen = ids({ schemas: ["public"], tables: [] });
    expect(chosen).toEqual([218, 217, 3354, 3363, 3208]);
  });

  it("writes a -L file of dump ids", () => {
    expect(restoreListFile(entries.slice(0, 2))).toBe("6;\n216;\n");
  });
});
