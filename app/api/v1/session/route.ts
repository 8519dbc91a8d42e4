import { NextResponse } from "next/server";
import { logIn } from "@/lib/auth/log-in";
import { logInInput } from "@/lib/auth/schemas";
import { revokeSession, SESSION_COOKIE } from "@/lib/auth/session";
import { route } from "@/lib/http/route";

export const POST = route({ role: "public", body: logInInput }, async ({ app, body }) => {
  const { user, token, expiresAt } = await logIn(app.db, { ...body, sessionHours: app.config.sessionHours });
  const res = NextResponse.json({ user });
  res.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "strict",
    secure: app.config.secureCookies,
    path: "/",
    expires: expiresAt,
  });
  return res;
});

export const GET = route({ role: "viewer" }, async ({ user }) => ({ user }));

export const DELETE = route({ role: "viewer" }, async ({ app, req }) => {
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  if (token) await revokeSession(app.db, token);
  const res = new NextResponse(null, { status: 204 });
  res.cookies.delete(SESSION_COOKIE);
  return res;
});
