import type { Db } from "@/lib/db/client";
import { API_TOKEN_INCLUDE, presentApiToken, type ApiTokenView } from "@/lib/auth/api-token-view";

/** Every token, active ones first, newest first. */
export async function listApiTokens(db: Db, now = new Date()): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({ include: API_TOKEN_INCLUDE, orderBy: [{ createdAt: "desc" }] });
  return rows.map((r) => presentApiToken(r, now)).sort((a, b) => Number(a.state !== "active") - Number(b.state !== "active"));
}
