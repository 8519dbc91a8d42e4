import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonColumn } from "@/lib/domain/json-column";
import { StoredRowError } from "@/lib/errors/stored-row-error";

const place = { table: "drills", id: "d-1", column: "checks" };
const shape = z.array(z.object({ ok: z.boolean() })).nullable();

describe("readJsonColumn", () => {
  it("gives the value in the shape the schema describes", () => {
    expect(readJsonColumn(shape, [{ ok: true }], place)).toEqual([{ ok: true }]);
    expect(readJsonColumn(shape, null, place)).toBeNull();
  });

  it("refuses another shape with the row, the column and each problem named, as a 500 the page can show", () => {
    const read = () => readJsonColumn(shape, [{ ok: "yes" }, { passed: true }], place);
    expect(read).toThrow(StoredRowError);
    try {
      read();
    } catch (err) {
      const e = err as StoredRowError;
      expect(e.code).toBe("stored_row_unreadable");
      expect(e.status).toBe(500);
      expect(e.place).toEqual(place);
      expect(e.message).toContain("The catalog row drills d-1 has a checks column this version of Wayback cannot read");
      expect(e.message).toContain("0.ok: Invalid input: expected boolean, received string");
      expect(e.message).toContain("1.ok: Invalid input: expected boolean, received undefined");
      expect(e.message).toContain("catalog migrations");
    }
  });

  it("names a wrong value at the top of the column without a path", () => {
    expect(() => readJsonColumn(shape, { ok: true }, place)).toThrow(/cannot read \(Invalid input: expected array, received object\)/);
  });
});
