import type { NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session";

/** The session cookie: script cannot read it, other sites cannot make the browser send it. */
export function setSessionCookie(res: NextResponse, opts: { token: string; expiresAt: Date; secure: boolean }): NextResponse {
  res.cookies.set(SESSION_COOKIE, opts.token, {
    httpOnly: true,
    sameSite: "strict",
    secure: opts.secure,
    path: "/",
    expires: opts.expiresAt,
  });
  return res;
}
