import { NextResponse } from "next/server";
import { OIDC_STATE_COOKIE, OIDC_STATE_COOKIE_PATH } from "@/lib/auth/oidc-state";

/**
 * Where the browser goes after the provider's redirect back: a page that moves on by itself
 * (meta refresh), not a redirect. The provider's redirect is a cross-site navigation, and a
 * redirect chain keeps that origin, so a SameSite=Strict session cookie set here would not come
 * with the next request; a navigation this page starts is same-site, and the cookie comes. The
 * status is the outcome's (200, or the failure's), which is what the audit log records.
 */
export function continuePage(path: string, status: number): NextResponse {
  const href = path.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Wayback</title></head><body><p><a href="${href}">Continue to Wayback</a></p></body></html>`;
  const res = new NextResponse(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  // The pending sign-in is used once, whatever the outcome.
  res.cookies.set(OIDC_STATE_COOKIE, "", { path: OIDC_STATE_COOKIE_PATH, maxAge: 0, httpOnly: true });
  return res;
}
