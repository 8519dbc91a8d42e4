import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Context } from "oidc-provider";
import { CookieJar } from "./cookie-jar";

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The groups the provider asserts for a login from now on (the `groups` claim). */
  setGroups(login: string, groups: string[]): void;
  close(): Promise<void>;
}

/**
 * A certified OpenID provider (oidc-provider) on loopback, with one confidential client whose
 * redirect URI is Wayback's callback. Its development login page takes any login name (and any
 * password) and signs that account in; each account's `groups` claim is whatever the test set.
 * As at a company's identity provider, the client is pre-approved: no consent page.
 */
export async function startTestProvider(opts: { redirectUri: string; port?: number; clientSecret?: string }): Promise<TestProvider> {
  const groups = new Map<string, string[]>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "wayback";
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString("base64url");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    cookies: { keys: [randomBytes(32).toString("hex")] },
    scopes: ["openid", "profile", "email", "groups"],
    claims: { openid: ["sub"], profile: ["preferred_username", "name"], email: ["email"], groups: ["groups"] },
    findAccount: async (_ctx: Context, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, preferred_username: sub, name: sub, email: `${sub}@example.com`, groups: groups.get(sub) ?? [] }),
    }),
    async loadExistingGrant(ctx: Context) {
      const known = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (known) return ctx.oidc.provider.Grant.find(known);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    setGroups: (login, g) => groups.set(login, g),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a browser does at the provider, with fetch: follows its redirects, fills in its login page
 * as `login`, and stops where the provider sends the browser back to Wayback, returning that URL
 * (the callback with code and state). `jar` keeps the provider's cookies, so a second sign-in in
 * the same jar finds the provider's session, as a browser would.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<URL> {
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar.header(), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form?.toString(),
    });
    jar.take(res);
    form = undefined;
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next;
      url = next.toString();
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !prompt) throw new Error(`The provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
    url = new URL(action.replaceAll("&amp;", "&"), url).toString();
    form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any password" } : { prompt });
  }
  throw new Error(`No redirect back from the provider after 12 steps (last at ${url}).`);
}
