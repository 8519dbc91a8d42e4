import type { Db } from "@/lib/db/client";
import { API_TOKEN_INCLUDE, presentApiToken, type ApiTokenView } from "@/lib/auth/api-token-view";

/** Every token, live ones first, newest first. */
export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({ include: API_TOKEN_INCLUDE, orderBy: [{ createdAt: "desc" }] });
  return rows.map(presentApiToken).sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}
