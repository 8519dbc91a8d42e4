import { describe, expect, it } from "vitest";
import { filesNamed, indexNamings, nameAt, type RelationNaming } from "@/lib/domain/relation-names";

const naming = (over: Partial<RelationNaming>): RelationNaming => ({
  databaseOid: 5,
  relfilenode: 16384,
  relationOid: 16384,
  databaseName: "shop",
  schemaName: "public",
  tableName: "orders",
  relkind: "r",
  firstSeenAt: new Date("2026-12-02T10:00:00Z"),
  ...over,
});

const history = [
  naming({}),
  // Renamed at 12:00: same file, same OID, a new naming.
  naming({ tableName: "orders_old", firstSeenAt: new Date("2026-12-02T12:00:00Z") }),
  // TRUNCATE at 13:00 gave the table a new file.
  naming({ relfilenode: 16500, tableName: "orders_old", firstSeenAt: new Date("2026-12-02T13:00:00Z") }),
  naming({ relfilenode: 16390, relationOid: 16390, tableName: "orders_pkey", relkind: "i" }),
];
const index = indexNamings(history);

describe("nameAt", () => {
  it("names a file as it was named at the time of the event", () => {
    expect(nameAt(index, { database: 5, relfilenode: 16384 }, new Date("2026-12-02T11:00:00Z")).label).toBe("shop.public.orders");
    expect(nameAt(index, { database: 5, relfilenode: 16384 }, new Date("2026-12-02T12:30:00Z")).label).toBe("shop.public.orders_old");
  });

  it("uses a naming seen only after the event (the file existed through it)", () => {
    expect(nameAt(index, { database: 5, relfilenode: 16500 }, new Date("2026-12-02T12:59:00Z"))).toMatchObject({
      label: "shop.public.orders_old",
      known: true,
      isTable: true,
      relationOid: 16384,
      table: { database: "shop", schema: "public", name: "orders_old" },
    });
  });

  it("says a file was never seen, naming its database when known, and never guesses", () => {
    expect(nameAt(index, { database: 5, relfilenode: 17000 }, new Date())).toMatchObject({
      label: "unknown relfilenode 17000 in database shop",
      known: false,
      relationOid: null,
      table: null,
    });
    expect(nameAt(index, { database: 9, relfilenode: 17000 }, new Date()).label).toBe("unknown relfilenode 17000 in database 9");
  });

  it("tells tables from their indexes", () => {
    expect(nameAt(index, { database: 5, relfilenode: 16390 }, new Date()).isTable).toBe(false);
  });
});

describe("filesNamed", () => {
  it("finds every file a table name had, by table, schema.table or db.schema.table", () => {
    expect(filesNamed(history, "orders_old")).toEqual([
      { database: 5, relfilenode: 16384 },
      { database: 5, relfilenode: 16500 },
    ]);
    expect(filesNamed(history, "public.orders")).toEqual([{ database: 5, relfilenode: 16384 }]);
    expect(filesNamed(history, "shop.public.orders")).toEqual([{ database: 5, relfilenode: 16384 }]);
    expect(filesNamed(history, "other.public.orders")).toEqual([]);
  });
});
