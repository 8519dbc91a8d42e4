import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OIDC_CALLBACK_PATH } from "@/lib/auth/oidc-client";
import { NO_PASSWORD } from "@/lib/auth/oidc-sign-in";
import { hashPassword } from "@/lib/auth/password";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { PUBLIC_URL, useApp } from "@/test/security/access-app";
import { CookieJar } from "./cookie-jar";
import { signInAtProvider, startTestProvider, type TestProvider } from "./test-provider";

// The real oidc-provider on loopback; Wayback's route handlers called as Next.js calls them.
let idp: TestProvider;
const env: Record<string, string> = {};
beforeAll(async () => {
  idp = await startTestProvider({ redirectUri: `${PUBLIC_URL}${OIDC_CALLBACK_PATH}` });
  Object.assign(env, {
    WAYBACK_OIDC_ISSUER: idp.issuer,
    WAYBACK_OIDC_CLIENT_ID: idp.clientId,
    WAYBACK_OIDC_CLIENT_SECRET: idp.clientSecret,
    WAYBACK_OIDC_NAME: "Test IdP",
    WAYBACK_OIDC_SCOPES: "openid profile groups",
    WAYBACK_OIDC_ROLE_MAP: JSON.stringify({ "wayback-viewers": "viewer", "wayback-operators": "operator", "wayback-admins": "admin" }),
  });
});
afterAll(() => idp?.close());
const app = useApp(env);

/** Wayback's start, the provider's login page as `login`, and Wayback's callback, as a browser goes. */
async function signInWithSso(login: string, providerJar = new CookieJar()) {
  const browser = new CookieJar();
  const start = await app.call("GET /api/v1/session/oidc/start", { headers: { cookie: "" } });
  expect(start.status).toBe(303);
  const stateCookie = browser.take(start).find((c) => c.startsWith("wayback_oidc="));
  const back = await signInAtProvider(start.headers.get("location")!, login, providerJar);
  expect(back.toString().startsWith(`${PUBLIC_URL}${OIDC_CALLBACK_PATH}?`)).toBe(true);
  const callbackQuery = back.search;
  const callback = await app.call("GET /api/v1/session/oidc/callback", { headers: { cookie: browser.header() } }, { query: callbackQuery });
  const body = await callback.text();
  const setCookies = browser.take(callback);
  return { callback, body, setCookies, stateCookie, session: browser.get(SESSION_COOKIE), callbackQuery, stateHeader: browser };
}

async function whoAmI(session: string | undefined) {
  const res = await app.call("GET /api/v1/session", { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
  return {
    status: res.status,
    user: res.status === 200 ? ((await res.json()) as { user: { username: string; role: string } }).user : null,
  };
}

async function lastAudit(action: string) {
  return app.db.auditEvent.findFirst({ where: { action }, orderBy: { at: "desc" } });
}

describe("single sign-on with a real OpenID provider", () => {
  it("signs in through the provider's login page with the role the groups map to; no token reaches the browser", async () => {
    idp.setGroups("alice", ["staff", "wayback-operators"]);
    const r = await signInWithSso("alice");

    // The pending sign-in: sealed, httpOnly, only for the single sign-on routes, Lax so the
    // provider's redirect back brings it.
    expect(r.stateCookie).toMatch(/^wayback_oidc=v1\./);
    expect(r.stateCookie).toMatch(/HttpOnly/i);
    expect(r.stateCookie).toMatch(/Path=\/api\/v1\/session\/oidc/);
    expect(r.stateCookie).toMatch(/SameSite=lax/i);

    expect(r.callback.status).toBe(200);
    expect(r.body).toContain('<meta http-equiv="refresh" content="0;url=/clusters">');
    const sessionCookie = r.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=strict/i);
    // The pending sign-in is spent.
    expect(r.setCookies.find((c) => c.startsWith("wayback_oidc="))).toMatch(/Max-Age=0/i);
    // Neither the id token nor the access token is in anything the browser gets.
    expect(`${r.body}${r.setCookies.join()}`).not.toMatch(/eyJ|access_token|id_token/);

    expect(await whoAmI(r.session)).toEqual({ status: 200, user: expect.objectContaining({ username: "alice", role: "operator" }) });
    const user = await app.db.user.findUniqueOrThrow({ where: { username: "alice" }, include: { oidcIdentity: true } });
    expect(user.oidcIdentity).toMatchObject({ issuer: idp.issuer, subject: "alice" });
    expect(user.passwordHash).toBe(NO_PASSWORD);
    expect(await lastAudit("session.oidc_login")).toMatchObject({ actorUserId: user.id, actorName: "alice", status: 200, outcome: "ok" });
  });

  it("gives the new role at the next sign-in after a group change, to the sessions already open too", async () => {
    idp.setGroups("carol", ["wayback-viewers"]);
    const providerJar = new CookieJar();
    const first = await signInWithSso("carol", providerJar);
    expect((await whoAmI(first.session)).user?.role).toBe("viewer");

    idp.setGroups("carol", ["wayback-viewers", "wayback-admins"]);
    // Still viewer: the provider is asked only at sign-in.
    expect((await whoAmI(first.session)).user?.role).toBe("viewer");
    const second = await signInWithSso("carol", providerJar);
    expect(second.callback.status).toBe(200);
    expect((await whoAmI(second.session)).user?.role).toBe("admin");
    expect((await whoAmI(first.session)).user?.role).toBe("admin");
    expect(await app.db.user.count({ where: { username: "carol" } })).toBe(1);
  });

  it("refuses a user whose groups map to no role, and ends their sessions and API tokens", async () => {
    idp.setGroups("dave", ["wayback-operators"]);
    const providerJar = new CookieJar();
    const first = await signInWithSso("dave", providerJar);
    const dave = await app.db.user.findUniqueOrThrow({ where: { username: "dave" } });
    const token = await app.token(dave, "operator");

    idp.setGroups("dave", ["staff"]);
    const refused = await signInWithSso("dave", providerJar);
    expect(refused.callback.status).toBe(403);
    expect(refused.body).toContain("url=/login?sso=no_role");
    expect(refused.session).toBeUndefined();
    expect((await whoAmI(first.session)).status).toBe(401);
    expect((await app.call("GET /api/v1/clusters", { bearer: token })).status).toBe(401);
    expect(await lastAudit("session.oidc_login")).toMatchObject({ actorName: "dave", status: 403, outcome: "refused" });
  });

  it("never signs in as a local account of the same name", async () => {
    await app.db.user.create({ data: { username: "erin", passwordHash: await hashPassword("erin's own password"), role: "admin" } });
    idp.setGroups("erin", ["wayback-viewers"]);
    const r = await signInWithSso("erin");
    expect(r.callback.status).toBe(409);
    expect(r.body).toContain("url=/login?sso=name_taken");
    expect(r.session).toBeUndefined();
    expect(await app.db.oidcIdentity.count({ where: { subject: "erin" } })).toBe(0);
  });

  it("refuses a callback without its pending sign-in, another browser's, or one used before", async () => {
    idp.setGroups("frank", ["wayback-viewers"]);
    // Without the cookie (the sign-in was started elsewhere, or too long ago).
    const start = await app.call("GET /api/v1/session/oidc/start", { headers: { cookie: "" } });
    const back = await signInAtProvider(start.headers.get("location")!, "frank");
    const bare = await app.call("GET /api/v1/session/oidc/callback", { headers: { cookie: "" } }, { query: back.search });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("url=/login?sso=expired");

    // An attacker's callback (their code and state) in a victim's browser, which holds its own
    // pending sign-in: login CSRF.
    const victim = new CookieJar();
    victim.take(await app.call("GET /api/v1/session/oidc/start", { headers: { cookie: "" } }));
    const planted = await app.call("GET /api/v1/session/oidc/callback", { headers: { cookie: victim.header() } }, { query: back.search });
    expect(planted.status).toBe(401);
    expect(planted.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);

    // The same callback twice: the provider refuses a code used before.
    const ok = await signInWithSso("frank");
    expect(ok.callback.status).toBe(200);
    const again = await app.call(
      "GET /api/v1/session/oidc/callback",
      { headers: { cookie: ok.stateCookie!.split(";")[0]! } },
      { query: ok.callbackQuery },
    );
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("url=/login?sso=invalid");
  });
});

describe("password sign-in beside single sign-on (break-glass)", () => {
  const signIn = (username: string, password: string) =>
    app.call("POST /api/v1/session", { origin: PUBLIC_URL }, { body: { username, password } });

  it("lets local administrators in and refuses other local users, after checking the password", async () => {
    const admin = await app.user("admin");
    const operator = await app.user("operator");
    expect((await signIn(admin.username, admin.password)).status).toBe(200);
    const refused = await signIn(operator.username, operator.password);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/kept for administrators/);
    // A wrong password is the usual answer: the refusal above tells nothing to someone guessing.
    expect((await signIn(operator.username, "wrong")).status).toBe(401);
  });

  it("refuses a password for an account of the provider, even one an admin set", async () => {
    idp.setGroups("grace", ["wayback-admins"]);
    await signInWithSso("grace");
    expect((await signIn("grace", NO_PASSWORD)).status).toBe(401);
    await app.db.user.update({ where: { username: "grace" }, data: { passwordHash: await hashPassword("set by an admin") } });
    const refused = await signIn("grace", "set by an admin");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/signs in with single sign-on/);
  });
});
