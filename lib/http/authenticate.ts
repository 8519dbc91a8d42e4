import type { NextRequest } from "next/server";
import type { Db } from "@/lib/db/client";
import { resolveApiToken } from "@/lib/auth/resolve-api-token";
import type { SessionUser } from "@/lib/auth/roles";
import { resolveSession, SESSION_COOKIE } from "@/lib/auth/session";
import { AppError } from "@/lib/http/app-error";
import { isSameOrigin } from "@/lib/http/same-origin";

export interface Principal {
  user: SessionUser;
  /** Set when the request authenticated with an API token rather than a session. */
  tokenId: string | null;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Who is calling. A request with an Authorization header is judged by its token alone and its
 * cookie is ignored: that is why it needs no same-origin check (a cross-site page can make a
 * browser send the cookie, never an Authorization header). A cookie-authenticated write must come
 * from the app's own origin. Sign-in (public) is checked for origin too, against login CSRF.
 */
export async function authenticate(db: Db, req: NextRequest, isPublic: boolean): Promise<Principal | null> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null && !isPublic) {
    const token = BEARER.exec(authorization)?.[1];
    return token ? resolveApiToken(db, token) : null;
  }
  if (req.method !== "GET" && req.method !== "HEAD" && !isSameOrigin(req)) {
    throw new AppError("forbidden", "Cross-origin request refused.");
  }
  const user = await resolveSession(db, req.cookies.get(SESSION_COOKIE)?.value);
  return user ? { user, tokenId: null } : null;
}
