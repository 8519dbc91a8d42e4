import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { idParam } from "@/lib/http/params";
import { changePassphrase } from "@/lib/repositories/change-passphrase";

export const POST = route("POST /api/v1/repositories/[id]/passphrase", async ({ app, params, body }) => {
  await changePassphrase(app.db, { id: idParam(params, "The repository"), input: body, secretKey: app.config.secretKey });
  return new NextResponse(null, { status: 204 });
});
