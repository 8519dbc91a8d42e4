import { randomBytes } from "node:crypto";
import type { Db, DbClient } from "@/lib/db/client";
import type { SessionUser } from "@/lib/domain/roles";
import { hashToken } from "@/lib/auth/token-hash";

export const SESSION_COOKIE = "wayback_session";

// Writing last_seen_at on every request would turn each page view into a write.
const TOUCH_AFTER_MS = 60_000;

export async function createSession(
  db: DbClient,
  userId: string,
  ttlHours: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await db.session.create({ data: { id: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAt };
}

/** The signed-in user for a cookie token, or null when it is unknown, expired or revoked. */
export async function resolveSession(db: Db, token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db.session.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return { id: session.user.id, username: session.user.username, role: session.user.role };
}

export async function revokeSession(db: Db, token: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { id: hashToken(token), revokedAt: null }, data: { revokedAt: now } });
}

/** Every live session of a user: on a password change or reset, whoever held one signs in again. */
export async function revokeUserSessions(db: DbClient, userId: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
}
