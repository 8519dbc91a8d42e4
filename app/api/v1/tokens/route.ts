import { NextResponse } from "next/server";
import { createApiToken } from "@/lib/auth/create-api-token";
import { listApiTokens } from "@/lib/auth/find-api-tokens";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/tokens", async ({ app }) => ({ tokens: await listApiTokens(app.db) }));

// `secret` is in this answer only: the catalog keeps its SHA-256.
export const POST = route("POST /api/v1/tokens", async ({ app, body, user, audit }) => {
  const { token, secret } = await createApiToken(app.db, { input: body, createdById: user.id });
  audit({ targetId: token.id });
  return NextResponse.json({ token, secret }, { status: 201 });
});
