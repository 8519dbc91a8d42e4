// "Restore to just before this transaction" opens the restore form from the URL: target kind xid,
// the transaction's id, inclusive off; and the request sends inclusive off (decision 0022).
import { describe, expect, it } from "vitest";
import { initialValues, restoreFormSchema } from "@/components/restores/restore-form-schema";
import { bringTablesBackHref, restoreBeforeHref } from "@/components/activity/restore-before-href";
import { initialTableRestoreValues, tableRestoreFormSchema } from "@/components/table-restores/table-restore-form-schema";

describe("restore to just before a transaction", () => {
  it("links to the restore form with the xid and inclusive off", () => {
    expect(restoreBeforeHref("c-1", "7418323")).toBe("/clusters/c-1/restore?xid=7418323&inclusive=false");
  });

  it("fills the form and sends recovery_target_xid exclusive", () => {
    const v = initialValues({ xid: "7418323", inclusive: "false" });
    expect(v.target).toMatchObject({ kind: "xid", xid: "7418323", inclusive: false });
    const body = restoreFormSchema.safeParse(v);
    expect(body.success && body.data.target).toEqual({ kind: "xid", xid: "7418323", inclusive: false });
  });

  it("leaves the time and name prefills as they were", () => {
    expect(initialValues({ name: "before-migration" }).target).toMatchObject({ kind: "name", inclusive: true });
    expect(initialValues({}).target).toMatchObject({ kind: "time", inclusive: true, xid: "" });
  });
});

describe("bring tables back to just before a transaction", () => {
  const orders = { database: "shop", schema: "public", name: "orders" };
  const lines = { database: "shop", schema: "sales", name: "order lines" };

  it("links to the table restore form with the xid exclusive, the database and each table the transaction touched once", () => {
    const href = bringTablesBackHref("c 1", "7418323", [{ table: orders }, { table: lines }, { table: orders }, { table: null }]);
    expect(href).toBe(
      "/clusters/c%201/restore/tables?targetKind=xid&target=7418323&inclusive=false&database=shop&table=public.orders&table=sales.order+lines",
    );
  });

  it("leaves the tables to the user when the transaction's files were never named", () => {
    expect(bringTablesBackHref("c-1", "42", [{ table: null }])).toBe(
      "/clusters/c-1/restore/tables?targetKind=xid&target=42&inclusive=false",
    );
  });

  it("fills the form with those tables and sends them, the database and recovery_target_xid exclusive", () => {
    const params = new URL(bringTablesBackHref("c-1", "7418323", [{ table: orders }, { table: lines }]), "http://x").searchParams;
    const v = initialTableRestoreValues({
      targetKind: params.get("targetKind") ?? undefined,
      target: params.get("target") ?? undefined,
      inclusive: params.get("inclusive") ?? undefined,
      database: params.get("database") ?? undefined,
      tables: params.getAll("table"),
    });
    expect(v.tables).toEqual(["public.orders", "sales.order lines"]);
    const body = tableRestoreFormSchema.safeParse(v);
    expect(body.success && body.data).toMatchObject({
      target: { kind: "xid", xid: "7418323", inclusive: false },
      database: "shop",
      tables: [
        { schema: "public", name: "orders" },
        { schema: "sales", name: "order lines" },
      ],
      destination: { kind: "schema" },
    });
  });

  it("sends no database when none was named: the cluster's own", () => {
    const body = tableRestoreFormSchema.safeParse({ ...initialTableRestoreValues({}), tables: ["public.orders"] });
    expect(body.success && "database" in body.data).toBe(false);
  });
});
