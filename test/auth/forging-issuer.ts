import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the token endpoint hands out next: a good id token, or one of the bad ones. */
export type IdTokenKind = "valid" | "forged" | "expired" | "other-nonce" | "other-audience";

export interface ForgingIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The id token the next code exchange returns. */
  next: IdTokenKind;
  close(): Promise<void>;
}

/**
 * A minimal OpenID provider on loopback that speaks the real protocol (discovery, JWKS,
 * authorization redirect, token endpoint) but hands out whatever id token the test asks for:
 * signed with its published key, or forged (signed with a key it never published), expired,
 * for another sign-in's nonce or for another client. oidc-provider will not issue bad tokens,
 * which is the point of it; this stands in for an attacker or a broken provider.
 */
export async function startForgingIssuer(): Promise<ForgingIssuer> {
  const published = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const unpublished = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "published-key";
  const codes = new Map<string, { nonce: string; challenge: string }>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: ForgingIssuer = {
    issuer,
    clientId: "wayback",
    clientSecret: randomBytes(24).toString("base64url"),
    next: "valid",
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  server.on("request", (req, res) => {
    const url = new URL(req.url!, issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
      });
    }
    if (url.pathname === "/jwks") {
      return json(res, 200, { keys: [{ ...published.publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] });
    }
    if (url.pathname === "/auth") {
      // Signs "mallory" in at once, as a provider with a live session does.
      const code = randomBytes(16).toString("base64url");
      codes.set(code, { nonce: url.searchParams.get("nonce") ?? "", challenge: url.searchParams.get("code_challenge") ?? "" });
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get("state") ?? "", iss: issuer }).toString();
      res.writeHead(303, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get("code") ?? "");
        if (!clientAuthenticated(req.headers.authorization, state)) return json(res, 401, { error: "invalid_client" });
        if (!grant || !form.get("code_verifier")) return json(res, 400, { error: "invalid_grant" });
        codes.delete(form.get("code")!);
        const now = Math.floor(Date.now() / 1000);
        const kind = state.next;
        const claims = {
          iss: issuer,
          sub: "mallory",
          aud: kind === "other-audience" ? "another-client" : state.clientId,
          iat: kind === "expired" ? now - 3600 : now,
          exp: kind === "expired" ? now - 1800 : now + 300,
          nonce: kind === "other-nonce" ? "a-nonce-from-another-sign-in" : grant.nonce,
          preferred_username: "mallory",
          groups: ["wayback-admins"],
        };
        const key = kind === "forged" ? unpublished.privateKey : published.privateKey;
        json(res, 200, {
          access_token: randomBytes(16).toString("base64url"),
          token_type: "Bearer",
          expires_in: 300,
          id_token: jwt(claims, key, kid),
        });
      });
      return;
    }
    json(res, 404, { error: "not_found" });
  });
  return state;
}

/** client_secret_basic: id and secret are form-encoded before base64 (RFC 6749 2.3.1). */
function clientAuthenticated(header: string | undefined, client: { clientId: string; clientSecret: string }): boolean {
  const [scheme, encoded] = header?.split(" ") ?? [];
  if (scheme !== "Basic" || !encoded) return false;
  const [id, secret] = Buffer.from(encoded, "base64")
    .toString()
    .split(":")
    .map((p) => decodeURIComponent(p.replaceAll("+", " ")));
  return id === client.clientId && secret === client.clientSecret;
}

function jwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const signingInput = `${part({ alg: "RS256", typ: "JWT", kid })}.${part(claims)}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), key).toString("base64url")}`;
}
