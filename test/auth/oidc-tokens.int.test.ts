import { afterAll, beforeAll, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { useApp } from "@/test/security/access-app";
import { CookieJar } from "./cookie-jar";
import { startForgingIssuer, type ForgingIssuer, type IdTokenKind } from "./forging-issuer";

// A provider that hands out bad id tokens on purpose; Wayback must sign nobody in with them.
let issuer: ForgingIssuer;
const env: Record<string, string> = {};
beforeAll(async () => {
  issuer = await startForgingIssuer();
  Object.assign(env, {
    WAYBACK_OIDC_ISSUER: issuer.issuer,
    WAYBACK_OIDC_CLIENT_ID: issuer.clientId,
    WAYBACK_OIDC_CLIENT_SECRET: issuer.clientSecret,
    WAYBACK_OIDC_ROLE_MAP: JSON.stringify({ "wayback-admins": "admin" }),
  });
});
afterAll(() => issuer?.close());
const app = useApp(env);

async function signInWith(kind: IdTokenKind) {
  issuer.next = kind;
  const browser = new CookieJar();
  const start = await app.call("GET /api/v1/session/oidc/start", { headers: { cookie: "" } });
  browser.take(start);
  const atProvider = await fetch(start.headers.get("location")!, { redirect: "manual" });
  const back = new URL(atProvider.headers.get("location")!);
  const callback = await app.call("GET /api/v1/session/oidc/callback", { headers: { cookie: browser.header() } }, { query: back.search });
  browser.take(callback);
  return { status: callback.status, body: await callback.text(), session: browser.get(SESSION_COOKIE) };
}

it.each(["forged", "expired", "other-nonce", "other-audience"] as const)("refuses an id token that is %s", async (kind) => {
  const r = await signInWith(kind);
  expect(r.status).toBe(401);
  expect(r.body).toContain("url=/login?sso=invalid");
  expect(r.session).toBeUndefined();
  expect(await app.db.user.count({ where: { username: "mallory" } })).toBe(0);
});

// The same issuer's good token signs in: the refusals above are the tokens', not the issuer's.
it("signs in with a valid id token from the same issuer", async () => {
  const r = await signInWith("valid");
  expect(r.status).toBe(200);
  expect(r.session).toBeDefined();
  expect(await app.db.user.findUnique({ where: { username: "mallory" }, select: { role: true } })).toEqual({ role: "admin" });
});

it("says the provider cannot be reached when it is down at the code exchange", async () => {
  const browser = new CookieJar();
  const start = await app.call("GET /api/v1/session/oidc/start", { headers: { cookie: "" } });
  browser.take(start);
  const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
  await issuer.close();
  const callback = await app.call(
    "GET /api/v1/session/oidc/callback",
    { headers: { cookie: browser.header() } },
    { query: `?code=some-code&state=${state}&iss=${encodeURIComponent(issuer.issuer)}` },
  );
  expect(callback.status).toBe(503);
  expect(await callback.text()).toContain("url=/login?sso=unreachable");
});
