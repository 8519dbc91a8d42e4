import { NextResponse } from "next/server";
import { oidcAuthorizationRequest, oidcRedirectUri } from "@/lib/auth/oidc-client";
import { OIDC_STATE_COOKIE, OIDC_STATE_COOKIE_PATH, OIDC_STATE_MAX_AGE_SECONDS, sealPendingSignIn } from "@/lib/auth/oidc-state";
import { OIDC_FAILURES, OidcFailureError } from "@/lib/domain/oidc-failures";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log";
import { route } from "@/app/api/api-route";
import { continuePage } from "@/app/api/v1/session/oidc/continue-page";

/** "Sign in with <provider>": off to the provider, with the pending sign-in sealed in a cookie. */
export const GET = route("GET /api/v1/session/oidc/start", async ({ app }) => {
  const settings = app.config.oidc;
  if (!settings) throw new AppError("not_found", "Single sign-on is not configured (WAYBACK_OIDC_ISSUER).");
  try {
    const { url, pending } = await oidcAuthorizationRequest(settings, oidcRedirectUri(app.config.publicOrigin));
    const res = NextResponse.redirect(url, 303);
    res.cookies.set(OIDC_STATE_COOKIE, sealPendingSignIn(pending, app.config.secretKey), {
      httpOnly: true,
      sameSite: "lax",
      secure: app.config.secureCookies,
      path: OIDC_STATE_COOKIE_PATH,
      maxAge: OIDC_STATE_MAX_AGE_SECONDS,
    });
    return res;
  } catch (err) {
    if (!(err instanceof OidcFailureError)) throw err;
    logger.warn({ reason: err.reason, detail: err.message }, "single sign-on could not start");
    return continuePage(`/login?sso=${err.reason}`, OIDC_FAILURES[err.reason].status);
  }
});
