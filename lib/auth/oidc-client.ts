import * as oidc from "openid-client";
import { OidcFailureError, type OidcFailure } from "@/lib/domain/oidc-failures";
import type { Claims } from "@/lib/domain/oidc-claims";
import type { OidcSettings } from "@/lib/domain/oidc-settings";

/** Where the provider sends the browser back; registered at the provider as the redirect URI. */
export const OIDC_CALLBACK_PATH = "/api/v1/session/oidc/callback";

export const oidcRedirectUri = (publicOrigin: string) => new URL(OIDC_CALLBACK_PATH, publicOrigin).toString();

/** What the callback must check the provider's answer against; kept in the browser, sealed. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

// One discovery per provider and process; a failed one is forgotten, so the next sign-in retries.
const discovered = new Map<string, Promise<oidc.Configuration>>();

function providerConfiguration(s: OidcSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret]);
  let found = discovered.get(key);
  if (!found) {
    const issuer = new URL(s.issuer);
    found = oidc.discovery(issuer, s.clientId, { client_secret: s.clientSecret }, oidc.ClientSecretBasic(s.clientSecret), {
      execute: [
        // openid-client trusts an id token from the token endpoint on the strength of TLS alone
        // (OpenID Connect Core 3.1.3.7 allows it) and does not check its signature unless told:
        // a forged token must be refused even if the channel was not what it seemed.
        oidc.enableNonRepudiationChecks,
        // Plain http is allowed by configuration only on loopback (lib/domain/oidc-settings.ts).
        ...(issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : []),
      ],
      timeout: 10,
    });
    discovered.set(key, found);
    found.catch(() => discovered.delete(key));
  }
  return found.catch((err: unknown) => {
    throw new OidcFailureError("unreachable", `discovery at ${s.issuer} failed: ${describe(err)}`);
  });
}

/**
 * The provider's authorization URL for a new sign-in (authorization code with PKCE, plus state
 * and nonce), and what the callback will need to check the answer.
 */
export async function oidcAuthorizationRequest(s: OidcSettings, redirectUri: string): Promise<{ url: URL; pending: PendingSignIn }> {
  const config = await providerConfiguration(s);
  const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: s.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

/**
 * The claims of the user the provider signed in, from the callback URL: exchanges the code
 * (with the PKCE verifier) and validates the id token — signature against the provider's published
 * keys, issuer, audience, expiry, nonce — all in openid-client. Claims the id token lacks (providers
 * often keep groups for the userinfo endpoint) are filled from userinfo, fetched with the access
 * token and checked to be about the same subject. The tokens go no further than this function.
 */
export async function oidcClaims(s: OidcSettings, callbackUrl: URL, pending: PendingSignIn): Promise<Claims> {
  const config = await providerConfiguration(s);
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims: Claims = { ...tokens.claims()! };
    const missing = [s.roleClaim, s.usernameClaim].some((c) => !(c in idClaims));
    if (!missing || !config.serverMetadata().userinfo_endpoint) return idClaims;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub as string);
    // The id token's own claims win: they are the ones whose signature was checked.
    return { ...info, ...idClaims };
  } catch (err) {
    throw new OidcFailureError(reasonFor(err), describe(err));
  }
}

function reasonFor(err: unknown): OidcFailure {
  if (err instanceof oidc.AuthorizationResponseError) return "denied";
  if (isNetworkError(err)) return "unreachable";
  return "invalid";
}

function isNetworkError(err: unknown): boolean {
  return (err instanceof TypeError && err.message === "fetch failed") || (err instanceof Error && err.name === "TimeoutError");
}

/** One line for the log: the error and its cause, never a token (openid-client's messages name none). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.name}${typeof code === "string" ? ` ${code}` : ""}: ${err.message}${cause}`;
}
