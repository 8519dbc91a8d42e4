import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config";
import { pageCsp, withSecurityHeaders } from "@/lib/http/security-headers";

/**
 * Security headers on every page and asset, with a fresh script nonce per request: Next.js reads
 * it from the request's Content-Security-Policy header and puts it on the scripts it renders.
 */
export function proxy(req: NextRequest): Response {
  const csp = pageCsp(randomBytes(16).toString("base64"));
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp, appConfig());
}

export const config = {
  // /api/v1 sets its own headers in route(): with a proxy in front of it, Next.js would read every
  // request body whole (to let both read it) before the handler could refuse an oversized one.
  // /healthz, /readyz and /metrics are route() handlers too, with the API's headers.
  matcher: ["/((?!api/|healthz$|readyz$|metrics$).*)"],
};
