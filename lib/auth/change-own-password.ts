import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createSession, revokeUserSessions } from "@/lib/auth/session";
import { forgetGeneratedPassword } from "@/lib/auth/generated-password";

/**
 * A user changes their own password, proving they know the current one. Every session ends,
 * including the one used here; the caller gets a fresh session so this browser stays signed in.
 * A password Wayback generated for them and kept in the data directory (`dataDir`, the embedded
 * default's) is removed.
 */
export async function changeOwnPassword(
  db: Db,
  opts: { userId: string; currentPassword: string; newPassword: string; sessionHours: number; dataDir?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const user = await db.user.findUnique({ where: { id: opts.userId } });
  if (!user) throw notFound("The user");
  if (!(await verifyPassword(user.passwordHash, opts.currentPassword))) {
    throw new AppError("validation_failed", "That is not your current password.", {
      currentPassword: ["That is not your current password."],
    });
  }
  if (opts.currentPassword === opts.newPassword) {
    throw new AppError("validation_failed", "Choose a password different from the current one.", {
      newPassword: ["Choose a password different from the current one."],
    });
  }
  const passwordHash = await hashPassword(opts.newPassword);
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await revokeUserSessions(tx, user.id);
    return createSession(tx, user.id, opts.sessionHours);
  });
  if (opts.dataDir) await forgetGeneratedPassword(opts.dataDir, user.username);
  return session;
}
