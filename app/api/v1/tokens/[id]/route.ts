import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/auth/revoke-api-token";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const DELETE = route("DELETE /api/v1/tokens/[id]", async ({ app, params }) => {
  await revokeApiToken(app.db, { id: idParam(params, "The API token") });
  return new NextResponse(null, { status: 204 });
});
