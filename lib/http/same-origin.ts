import type { NextRequest } from "next/server";

/**
 * Browsers send Origin on every cross-site write; a request whose Origin differs from the host it
 * was sent to is refused. Non-browser clients (curl, API tokens) send no Origin.
 */
export function isSameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
