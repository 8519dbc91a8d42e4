import { describe, expect, it } from "vitest";
import { tableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import { grantToRun, missingCountQuery, missingRowsQuery, putBackStatement, restoredName, splitTable } from "@/lib/domain/table-restore";

const pair = {
  restored: { schema: "wayback_restored_20261202_1431", name: "orders" },
  live: { schema: "public", name: "orders" },
  primaryKey: ["id"],
};

describe("table restore", () => {
  it("names the new schema after the UTC minute it was asked for", () => {
    expect(restoredName(new Date("2026-12-02T14:31:59Z"))).toBe("wayback_restored_20261202_1431");
    expect(restoredName(new Date("2027-01-05T03:04:00Z"))).toBe("wayback_restored_20270105_0304");
  });

  it("splits a recorded table at its dot", () => {
    expect(splitTable("sales.orders")).toEqual({ schema: "sales", name: "orders" });
  });

  it("finds missing rows by every column of the key, identifiers quoted", () => {
    const q = missingRowsQuery({ ...pair, primaryKey: ["region", 'we"ird'] });
    expect(q).toBe(
      'SELECT r.* FROM "wayback_restored_20261202_1431"."orders" r WHERE NOT EXISTS (SELECT 1 FROM "public"."orders" l ' +
        'WHERE l."region" = r."region" AND l."we""ird" = r."we""ird") ORDER BY r."region", r."we""ird"',
    );
    expect(missingCountQuery(pair)).toContain(
      'SELECT count(*)::bigint AS n FROM "wayback_restored_20261202_1431"."orders" r WHERE NOT EXISTS',
    );
  });

  it("writes the put-back statement with named columns and only absent keys", () => {
    expect(putBackStatement({ ...pair, columns: ["id", "item"] })).toBe(
      'INSERT INTO "public"."orders" ("id", "item")\n' +
        'SELECT r."id", r."item" FROM "wayback_restored_20261202_1431"."orders" r\n' +
        'WHERE NOT EXISTS (SELECT 1 FROM "public"."orders" l WHERE l."id" = r."id");',
    );
  });

  it("names the grant a role needs", () => {
    expect(grantToRun("schema", "shop", "wayback")).toBe('GRANT CREATE ON DATABASE "shop" TO "wayback";');
    expect(grantToRun("database", "shop", "wayback")).toBe('ALTER ROLE "wayback" CREATEDB;');
  });
});

describe("table restore input", () => {
  const base = { target: { kind: "latest" }, tables: [{ schema: "public", name: "orders" }] };

  it("defaults to a new schema without the difference", () => {
    expect(tableRestoreRequestInput.parse(base)).toMatchObject({ destination: { kind: "schema" }, diff: false, dryRun: false });
  });

  it("refuses no tables, a table twice, two tables of one name into one schema, and the difference into a new database", () => {
    const issues = (v: unknown) => tableRestoreRequestInput.safeParse(v).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ ...base, tables: [] })).toEqual(["Choose at least one table."]);
    expect(issues({ ...base, tables: [...base.tables, { schema: "public", name: "orders" }] })).toEqual(["public.orders is chosen twice."]);
    expect(issues({ ...base, tables: [...base.tables, { schema: "sales", name: "orders" }] })[0]).toMatch(/would both become orders/);
    expect(
      tableRestoreRequestInput.safeParse({
        ...base,
        tables: [...base.tables, { schema: "sales", name: "orders" }],
        destination: { kind: "database" },
      }).success,
    ).toBe(true);
    expect(issues({ ...base, destination: { kind: "database" }, diff: true })[0]).toMatch(/restore into a new schema/);
  });
});
