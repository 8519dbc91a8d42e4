// Every route in the rule table, called for real: without credentials → 401; as each role, by
// session cookie and by API token → allowed or 403 exactly as the table says. Requests name ids
// that do not exist and carry empty bodies, so an allowed call ends in 400/404 and changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { hasRole, ROLES, type Role } from "@/lib/domain/roles";
import { ROUTE_KEYS, ROUTE_RULES } from "@/app/api/route-rules";
import type { RouteRule } from "@/lib/http/route-rule";
import { useApp, HOST, type Caller, type TestUser } from "@/test/security/access-app";

const app = useApp();
const rules = ROUTE_RULES as Record<string, RouteRule>;
const protectedKeys = ROUTE_KEYS.filter((k) => rules[k]!.role !== "public");
const callers = {} as Record<Role, { user: TestUser; token: string }>;

beforeAll(async () => {
  for (const role of ROLES) {
    const user = await app.user(role);
    callers[role] = { user, token: await app.token(user, role) };
  }
});

/** "allowed" or "403" per route for one caller, and the table's expectation in the same shape. */
async function matrix(role: Role, caller: Caller) {
  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const key of protectedKeys) {
    const res = await app.call(key, caller);
    actual[key] =
      res.status === 403 ? "403" : res.status === 401 ? "401" : res.status >= 500 ? `${res.status} ${await res.text()}` : "allowed";
    expected[key] = hasRole(role, rules[key]!.role as Role) ? "allowed" : "403";
  }
  return { actual, expected };
}

describe("access matrix", () => {
  it("refuses every route but signing in without credentials", async () => {
    const statuses: Record<string, number> = {};
    for (const key of protectedKeys) statuses[key] = (await app.call(key)).status;
    expect(statuses).toEqual(Object.fromEntries(protectedKeys.map((k) => [k, 401])));
    expect((await app.call("POST /api/v1/session", {}, { body: {} })).status).toBe(400);
  });

  for (const role of ROLES) {
    it(`lets a ${role} with a session do exactly what the table allows`, async () => {
      const { actual, expected } = await matrix(role, { cookie: callers[role].user.session });
      expect(actual).toEqual(expected);
    });

    it(`lets a ${role} API token do exactly what the table allows`, async () => {
      const { actual, expected } = await matrix(role, { bearer: callers[role].token });
      expect(actual).toEqual(expected);
    });
  }

  it("judges a request with an Authorization header by its token alone", async () => {
    const admin = callers.admin.user;
    for (const bearer of ["wbt_unknown", "not a token at all"]) {
      const res = await app.call("GET /api/v1/clusters", { bearer, cookie: admin.session });
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toBe("The API token is unknown, expired or revoked.");
    }
    // A viewer's token next to an admin's cookie is a viewer.
    expect((await app.call("GET /api/v1/users", { bearer: callers.viewer.token, cookie: admin.session })).status).toBe(403);
  });

  it("refuses a cookie-authenticated write from another origin, not a token's", async () => {
    const foreign = "https://evil.example";
    const withCookie = await app.call(
      "POST /api/v1/users",
      { cookie: callers.admin.user.session, origin: foreign },
      { body: { username: "csrf", password: "x".repeat(20), role: "admin" } },
    );
    expect(withCookie.status).toBe(403);
    expect((await withCookie.json()).error.message).toContain(`Origin ${foreign} is not the dashboard's address, http://${HOST}.`);
    expect(await app.db.user.findUnique({ where: { username: "csrf" } })).toBeNull();
    expect(
      (await app.call("POST /api/v1/users", { cookie: callers.admin.user.session, origin: `http://${HOST}` }, { body: {} })).status,
    ).toBe(400);
    // A page on another site cannot make a browser send an Authorization header, so a token needs no origin check.
    expect((await app.call("POST /api/v1/users", { bearer: callers.admin.token, origin: foreign }, { body: {} })).status).toBe(400);
    // Signing in from another site's form (login CSRF) is refused too.
    expect((await app.call("POST /api/v1/session", { origin: foreign }, { body: { username: "a", password: "b" } })).status).toBe(403);
  });

  it("serves the OpenAPI document to any signed-in role", async () => {
    const res = await app.call("GET /api/v1/openapi.json", { bearer: callers.viewer.token });
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.paths["/api/v1/clusters/{id}/backups"].post["x-required-role"]).toBe("operator");
  });
});
