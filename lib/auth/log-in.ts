import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import { LOGIN_WINDOW_MS, lockout, lockoutMessage } from "@/lib/domain/login-lockout";
import { AppError } from "@/lib/errors/app-error";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/session";
import type { LocalSignIn } from "@/lib/domain/oidc-settings";
import type { SessionUser } from "@/lib/domain/roles";

/**
 * Checks a password under the lockout of lib/domain/login-lockout.ts. The failures live in the
 * catalog. Each attempt first reserves a guess: under advisory locks on its user name and address
 * it counts the failures and, unless locked out, records itself as one — so parallel attempts
 * through any number of web processes cannot get more guesses than the limit. The password is then
 * verified outside any transaction (argon2 takes seconds on a busy host, and a transaction held that
 * long would queue every other attempt behind it until Prisma's timeout turns them into errors); a
 * right password clears the user name's failures, the reservation included. With single sign-on
 * configured, `localSignIn` says who may still use a password (docs/decisions/0020): nobody, or
 * administrators only (break-glass). Those refusals come after the password was verified, so they
 * tell nothing to someone guessing it; a user who signs in through the provider is refused a
 * password sign-in even if an admin set one. Without `localSignIn` everyone may (no single sign-on).
 */
export async function logIn(
  db: Db,
  opts: { username: string; password: string; ip: string; sessionHours: number; localSignIn?: LocalSignIn; now?: Date },
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  if (opts.localSignIn === "off") throw new AppError("forbidden", "Password sign-in is switched off here: sign in with single sign-on.");
  const now = opts.now ?? new Date();
  const reservation = await reserveGuess(db, opts.username, opts.ip, now);

  const user = await db.user.findUnique({ where: { username: opts.username }, include: { oidcIdentity: { select: { userId: true } } } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), opts.password);
  if (!user || !ok) throw new AppError("invalid_credentials", "Wrong user name or password.");
  // The password was right: what follows is not a guess, whatever it answers.
  await db.loginFailure.deleteMany({ where: { id: reservation } });
  if (user.oidcIdentity) throw new AppError("forbidden", "This account signs in with single sign-on, not a password.");
  if (opts.localSignIn === "admins" && user.role !== "admin") {
    throw new AppError("forbidden", "Password sign-in is kept for administrators (the break-glass way in): sign in with single sign-on.");
  }
  const { token, expiresAt } = await db.$transaction(async (tx) => {
    await tx.loginFailure.deleteMany({ where: { username: opts.username } });
    return createSession(tx, user.id, opts.sessionHours, now);
  });
  return { user: { id: user.id, username: user.username, role: user.role }, token, expiresAt };
}

/** Counts this attempt as a failure unless the user name or address is locked out (then refuses). */
async function reserveGuess(db: Db, username: string, ip: string, now: Date): Promise<string> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const outcome = await db.$transaction(async (tx): Promise<{ id: string } | { error: AppError }> => {
    // Always user name first, then address: two attempts never wait on each other in a cycle.
    await lockForTransaction(tx, advisoryLocks.loginUser(username));
    await lockForTransaction(tx, advisoryLocks.loginAddress(ip));
    // Failures that left the window count for nobody: the table stays as small as the window.
    await tx.loginFailure.deleteMany({ where: { at: { lt: since } } });
    const [byUser, byIp] = await Promise.all([
      tx.loginFailure.findMany({ where: { username, at: { gte: since } }, select: { at: true } }),
      tx.loginFailure.findMany({ where: { ip, at: { gte: since } }, select: { at: true } }),
    ]);
    const locked = lockout({ user: byUser.map((f) => f.at), ip: byIp.map((f) => f.at) }, now);
    if (locked) {
      const retryAfterSeconds = String(Math.ceil(locked.retryAfterMs / 1000));
      return { error: new AppError("rate_limited", lockoutMessage(locked), undefined, { retryAfterSeconds }) };
    }
    return tx.loginFailure.create({ data: { username, ip, at: now }, select: { id: true } });
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.id;
}
