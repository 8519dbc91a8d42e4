// "Restore to just before this transaction" opens the restore form from the URL: target kind xid,
// the transaction's id, inclusive off; and the request sends inclusive off (decision 0022).
import { describe, expect, it } from "vitest";
import { initialValues, restoreFormSchema } from "@/components/restores/restore-form-schema";
import { restoreBeforeHref } from "@/components/activity/restore-before-href";

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
