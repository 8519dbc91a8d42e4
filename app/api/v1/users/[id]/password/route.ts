import { NextResponse } from "next/server";
import { resetPassword } from "@/lib/auth/reset-password";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

// An admin sets the password; the user's sessions end.
export const POST = route("POST /api/v1/users/[id]/password", async ({ app, params, body }) => {
  await resetPassword(app.db, { id: idParam(params, "The user"), password: body.password });
  return new NextResponse(null, { status: 204 });
});
