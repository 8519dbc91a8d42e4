import { NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config";
import { withSecurityHeaders } from "@/lib/http/security-headers";

/** Security headers on every page and asset. */
export function proxy(): Response {
  return withSecurityHeaders(NextResponse.next(), "page", appConfig());
}

export const config = {
  // /api/v1 sets its own headers in route(): with a proxy in front of it, Next.js would read every
  // request body whole (to let both read it) before the handler could refuse an oversized one.
  matcher: ["/((?!api/).*)"],
};
