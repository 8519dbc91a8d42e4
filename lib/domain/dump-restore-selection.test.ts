import { describe, expect, it } from "vitest";
import { readDumpRestoreSelection } from "@/lib/domain/dump-restore-selection";
import { StoredRowError } from "@/lib/errors/stored-row-error";

describe("readDumpRestoreSelection", () => {
  it("reads back the schemas and tables a restore chose", () => {
    const selection = { schemas: ["audit"], tables: [{ schema: "public", name: "accounts" }] };
    expect(readDumpRestoreSelection({ id: "r1", selection })).toEqual(selection);
  });

  it("reads a restore of the whole dump as null", () => {
    expect(readDumpRestoreSelection({ id: "r1", selection: null })).toBeNull();
  });

  it("refuses a selection in another shape with the row and the problem named", () => {
    const read = () => readDumpRestoreSelection({ id: "r1", selection: { tables: ["public.accounts"] } });
    expect(read).toThrow(StoredRowError);
    expect(read).toThrow(/dump_restores r1 has a selection column .*tables/);
  });
});
