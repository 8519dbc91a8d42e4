import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import { revokeUserSessions } from "@/lib/auth/session";

/** An admin sets someone's password: every session signed in with the old one ends. */
export async function resetPassword(db: Db, opts: { id: string; password: string }): Promise<void> {
  const passwordHash = await hashPassword(opts.password);
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: opts.id }, data: { passwordHash } });
    if (count === 0) throw notFound("The user");
    await revokeUserSessions(tx, opts.id);
  });
}
