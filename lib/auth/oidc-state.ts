import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import type { PendingSignIn } from "@/lib/auth/oidc-client";

/**
 * The pending sign-in travels in a cookie, sealed with the installation's key (AES-GCM, so the
 * browser can neither read the PKCE verifier nor alter any of it): httpOnly, only sent to
 * /api/v1/session/oidc, and SameSite=Lax because the provider's redirect back is a cross-site
 * navigation that a Strict cookie would not come with.
 */
export const OIDC_STATE_COOKIE = "wayback_oidc";
export const OIDC_STATE_COOKIE_PATH = "/api/v1/session/oidc";
/** Long enough to type a password and answer a second factor at the provider. */
export const OIDC_STATE_MAX_AGE_SECONDS = 600;

const CONTEXT = "oidc-state";

export function sealPendingSignIn(pending: PendingSignIn, key: Buffer, now = Date.now()): string {
  return encryptSecret(JSON.stringify({ ...pending, expiresAt: now + OIDC_STATE_MAX_AGE_SECONDS * 1000 }), key, CONTEXT);
}

/** The pending sign-in, or null when the cookie is missing, altered, not ours or too old. */
export function openPendingSignIn(sealed: string | undefined, key: Buffer, now = Date.now()): PendingSignIn | null {
  if (!sealed) return null;
  try {
    const p = JSON.parse(decryptSecret(sealed, key, CONTEXT)) as PendingSignIn & { expiresAt: number };
    if (!(p.expiresAt > now)) return null;
    return { state: p.state, nonce: p.nonce, codeVerifier: p.codeVerifier };
  } catch {
    return null;
  }
}
