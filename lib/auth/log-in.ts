import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/auth/roles";

export async function logIn(
  db: Db,
  opts: { username: string; password: string; sessionHours: number },
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const user = await db.user.findUnique({ where: { username: opts.username } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), opts.password);
  if (!user || !ok) throw new AppError("invalid_credentials", "Wrong user name or password.");
  const { token, expiresAt } = await createSession(db, user.id, opts.sessionHours);
  return { user: { id: user.id, username: user.username, role: user.role }, token, expiresAt };
}
