import { describe, expect, it } from "vitest";
import { activityQuery } from "@/lib/domain/activity-input";

describe("activityQuery", () => {
  it("reads the filters as the URL gives them", () => {
    expect(
      activityQuery.parse({
        table: "shop.public.orders",
        from: "2026-12-02T14:00:00Z",
        to: "2026-12-02T15:00:00Z",
        kind: "delete",
        minRows: "1000",
      }),
    ).toEqual({
      table: "shop.public.orders",
      from: new Date("2026-12-02T14:00:00Z"),
      to: new Date("2026-12-02T15:00:00Z"),
      kind: "delete",
      minRows: 1000,
    });
    expect(activityQuery.parse({})).toEqual({});
  });

  it("says what to fix", () => {
    const issue = (q: Record<string, string>) => activityQuery.safeParse(q).error?.issues[0]?.message;
    expect(issue({ from: "yesterday" })).toMatch(/ISO 8601/);
    expect(issue({ from: "2026-12-02T15:00:00Z", to: "2026-12-02T14:00:00Z" })).toBe("from must be before to.");
    expect(issue({ from: "2026-11-01T00:00:00Z", to: "2026-12-02T14:00:00Z" })).toMatch(/7 days/);
    expect(issue({ kind: "insert" })).toMatch(/delete, update, truncate, drop, rewrite/);
    expect(issue({ minRows: "-1" })).toMatch(/whole number/);
    expect(issue({ table: "a.b.c.d" })).toMatch(/database.schema.table/);
  });
});
