// A JSON column holding a shape this version does not read (a row written by an older version)
// answers with the row and the problem named, instead of failing somewhere inside the page.
import { beforeAll, describe, expect, it } from "vitest";
import { useApp, type TestUser } from "@/test/security/access-app";

const app = useApp();
let admin: TestUser;

beforeAll(async () => {
  admin = await app.user("admin", "admin password 1");
});

describe("a catalog row in an older shape", () => {
  it("is refused with its table, id and column named, as stored_row_unreadable", async () => {
    // Details kept nested, as the audit log never wrote them: only scalars are read.
    const row = await app.db.auditEvent.create({
      data: { action: "cluster.create", details: { body: { name: "old" } }, outcome: "ok", status: 201 },
    });
    const res = await app.call("GET /api/v1/audit", { cookie: admin.session });
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error.code).toBe("stored_row_unreadable");
    expect(error.message).toContain(
      `The catalog row audit_events ${row.id} has a details column this version of Wayback cannot read (body: `,
    );
    expect(error.message).toContain("catalog migrations");
  });
});
