import { timingSafeEqual } from "node:crypto";
import { isLoopbackAddress, type Config } from "@/lib/config";
import { hashToken } from "@/lib/auth/token-hash";
import { AppError } from "@/lib/errors/app-error";

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Whether a scrape may read /metrics (docs/decisions/0018): a bearer token whose SHA-256 is the
 * configured one, or, where the installation allows it, no token from a client on this host.
 * Sessions and API tokens are not scrape credentials: the metrics token reads /metrics and nothing
 * else, and nothing but the metrics token reads /metrics. `clientAddress` is the request's peer as
 * lib/http/client-ip.ts reads it; config only allows loopback mode when the dashboard listens on
 * loopback, so no client elsewhere can reach it to claim that address.
 */
export function checkScrapeAccess(authorization: string | null, access: Config["metrics"], clientAddress: string): void {
  if (authorization !== null) {
    const token = BEARER.exec(authorization)?.[1];
    if (token && access.tokenSha256 && sameHash(hashToken(token), access.tokenSha256)) return;
    throw new AppError("unauthenticated", "The metrics token is wrong.");
  }
  if (access.loopback && isLoopbackAddress(clientAddress)) return;
  throw new AppError(
    "unauthenticated",
    access.tokenSha256 || access.loopback
      ? "Send the metrics token: Authorization: Bearer <token>."
      : "Metrics are off: the installation has set neither WAYBACK_METRICS_TOKEN_SHA256 nor WAYBACK_METRICS_LOOPBACK.",
  );
}

// Hex digests of equal length: compared in constant time so the answer's timing says nothing.
function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
