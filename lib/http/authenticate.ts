import type { NextRequest } from "next/server";
import type { Db } from "@/lib/db/client";
import { resolveApiToken } from "@/lib/auth/resolve-api-token";
import type { SessionUser } from "@/lib/domain/roles";
import { resolveSession, SESSION_COOKIE } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { crossOriginProblem, type OriginPolicy } from "@/lib/http/same-origin";

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
 * from the dashboard's own origin (lib/http/same-origin.ts). Sign-in (public) is checked for
 * origin too, against login CSRF.
 */
export async function authenticate(db: Db, req: NextRequest, opts: { isPublic: boolean; origin: OriginPolicy }): Promise<Principal | null> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null && !opts.isPublic) {
    const token = BEARER.exec(authorization)?.[1];
    return token ? resolveApiToken(db, token) : null;
  }
  const cookie = req.cookies.get(SESSION_COOKIE)?.value;
  const problem = req.method === "GET" || req.method === "HEAD" ? null : crossOriginProblem(req.headers, opts.origin, cookie !== undefined);
  if (problem) throw new AppError("forbidden", problem);
  const user = await resolveSession(db, cookie);
  return user ? { user, tokenId: null } : null;
}
