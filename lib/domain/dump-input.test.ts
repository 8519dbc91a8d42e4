import { describe, expect, it } from "vitest";
import { readDumpOptions } from "@/lib/domain/dump-input";

describe("dump options column", () => {
  it("reads the schemas and tables a dump was asked for; the column's default {} is everything", () => {
    expect(readDumpOptions({ id: "d-1", options: {} })).toEqual({
      includeSchemas: [],
      excludeSchemas: [],
      includeTables: [],
      excludeTables: [],
    });
    const options = { includeSchemas: ["app"], excludeSchemas: [], includeTables: [{ schema: "app", name: "orders" }], excludeTables: [] };
    expect(readDumpOptions({ id: "d-1", options })).toEqual(options);
  });

  it("refuses tables kept as dotted names, naming the dump", () => {
    expect(() => readDumpOptions({ id: "d-2", options: { includeTables: ["app.orders"] } })).toThrow(
      /catalog row dumps d-2 has a options column .*includeTables\.0: /,
    );
  });
});
