import type { Db } from "@/lib/db/client";
import { hasRole, type SessionUser } from "@/lib/domain/roles";
import { hashToken } from "@/lib/auth/token-hash";

// Like sessions: recording every use would turn each API read into a write.
const TOUCH_AFTER_MS = 60_000;

/**
 * The user a bearer token acts as, with the lower of the token's and the user's current role (a
 * demoted user's tokens are demoted with them), or null when unknown, expired or revoked.
 */
export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<{ user: SessionUser; tokenId: string } | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const role = hasRole(row.user.role, row.role) ? row.role : row.user.role;
  return { user: { id: row.user.id, username: row.user.username, role }, tokenId: row.id };
}
