import type { NextRequest } from "next/server";

/**
 * The address a request came from, for the audit log and the per-address sign-in lockout. Next.js
 * fills X-Forwarded-For with the socket's address only when the client sent none, so the last
 * entry is the peer as seen by the nearest proxy (which appends) or the socket. Behind no proxy a
 * client can still claim any address here: the per-user lockout does not depend on it.
 */
export function clientIp(req: NextRequest): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : "unknown";
}
