import { NextResponse } from "next/server";
import { changeOwnPassword } from "@/lib/auth/change-own-password";
import { route } from "@/app/api/api-route";
import { setSessionCookie } from "@/lib/http/session-cookie";

// Every session of the user ends; this browser gets a new one.
export const POST = route("POST /api/v1/session/password", async ({ app, body, user }) => {
  const { token, expiresAt } = await changeOwnPassword(app.db, {
    userId: user.id,
    ...body,
    sessionHours: app.config.sessionHours,
    dataDir: app.config.dataDir,
  });
  return setSessionCookie(NextResponse.json({ user }), { token, expiresAt, secure: app.config.secureCookies });
});
