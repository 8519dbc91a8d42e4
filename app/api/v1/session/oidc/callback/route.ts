import { OIDC_CALLBACK_PATH, oidcClaims } from "@/lib/auth/oidc-client";
import { signInWithOidc } from "@/lib/auth/oidc-sign-in";
import { OIDC_STATE_COOKIE, openPendingSignIn } from "@/lib/auth/oidc-state";
import { OIDC_FAILURES, OidcFailureError } from "@/lib/domain/oidc-failures";
import { AppError } from "@/lib/errors/app-error";
import { setSessionCookie } from "@/lib/http/session-cookie";
import { logger } from "@/lib/log";
import { route } from "@/app/api/api-route";
import { continuePage } from "@/app/api/v1/session/oidc/continue-page";

/**
 * The provider sends the browser back here: check its answer against the sealed pending sign-in,
 * sign the user in with the role their claims map to, and continue to the dashboard — or to the
 * sign-in page saying why not. No token leaves this handler; the browser gets the same httpOnly
 * session cookie a password sign-in gives.
 */
export const GET = route("GET /api/v1/session/oidc/callback", async ({ app, req, audit }) => {
  const settings = app.config.oidc;
  if (!settings) throw new AppError("not_found", "Single sign-on is not configured (WAYBACK_OIDC_ISSUER).");
  try {
    const pending = openPendingSignIn(req.cookies.get(OIDC_STATE_COOKIE)?.value, app.config.secretKey);
    if (!pending) throw new OidcFailureError("expired", "no pending sign-in: its cookie is missing, altered or older than allowed");
    // The URL the provider was told to send the browser to, whatever host this request came in by.
    const callbackUrl = new URL(`${OIDC_CALLBACK_PATH}${req.nextUrl.search}`, app.config.publicOrigin);
    const claims = await oidcClaims(settings, callbackUrl, pending);
    const { user, token, expiresAt } = await signInWithOidc(app.db, { settings, claims, sessionHours: app.config.sessionHours });
    audit({ actor: { userId: user.id, tokenId: null, name: user.username }, targetId: user.id });
    return setSessionCookie(continuePage("/clusters", 200), { token, expiresAt, secure: app.config.secureCookies });
  } catch (err) {
    if (!(err instanceof OidcFailureError)) throw err;
    logger.warn({ reason: err.reason, detail: err.message }, "single sign-on refused");
    if (err.username) audit({ actor: { userId: null, tokenId: null, name: err.username } });
    return continuePage(`/login?sso=${err.reason}`, OIDC_FAILURES[err.reason].status);
  }
});
