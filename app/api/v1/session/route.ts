import { NextResponse } from "next/server";
import { logIn } from "@/lib/auth/log-in";
import { revokeSession, SESSION_COOKIE } from "@/lib/auth/session";
import { clientIp } from "@/lib/http/client-ip";
import { route } from "@/app/api/api-route";
import { setSessionCookie } from "@/lib/http/session-cookie";

export const POST = route("POST /api/v1/session", async ({ app, body, req, audit }) => {
  audit({ actor: { userId: null, tokenId: null, name: body.username } });
  const { user, token, expiresAt } = await logIn(app.db, {
    ...body,
    ip: clientIp(req),
    sessionHours: app.config.sessionHours,
    localSignIn: app.config.localSignIn,
  });
  audit({ actor: { userId: user.id, tokenId: null, name: user.username }, targetId: user.id });
  return setSessionCookie(NextResponse.json({ user }), { token, expiresAt, secure: app.config.secureCookies });
});

export const GET = route("GET /api/v1/session", async ({ user }) => ({ user }));

export const DELETE = route("DELETE /api/v1/session", async ({ app, req }) => {
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  if (token) await revokeSession(app.db, token);
  const res = new NextResponse(null, { status: 204 });
  res.cookies.delete(SESSION_COOKIE);
  return res;
});
