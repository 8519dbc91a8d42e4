import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import { LOGIN_WINDOW_MS, lockout, lockoutMessage } from "@/lib/domain/login-lockout";
import { AppError } from "@/lib/errors/app-error";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/session";
import type { LocalSignIn } from "@/lib/domain/oidc-settings";
import type { SessionUser } from "@/lib/domain/roles";

type Outcome = { ok: true; user: SessionUser; token: string; expiresAt: Date } | { ok: false; error: AppError };

/**
 * Checks a password under the lockout of lib/domain/login-lockout.ts. The failures live in the
 * catalog and each attempt holds advisory locks on its user name and address while it counts,
 * verifies and records, so parallel attempts through any number of web processes cannot get more
 * guesses than the limit. With single sign-on configured, `localSignIn` says who may still use a
 * password (docs/decisions/0020): nobody, or administrators only (break-glass). Those refusals
 * come after the password was verified, so they tell nothing to someone guessing it; a user who
 * signs in through the provider is refused a password sign-in even if an admin set one. Without
 * `localSignIn` everyone may (no single sign-on).
 */
export async function logIn(
  db: Db,
  opts: { username: string; password: string; ip: string; sessionHours: number; localSignIn?: LocalSignIn; now?: Date },
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  if (opts.localSignIn === "off") throw new AppError("forbidden", "Password sign-in is switched off here: sign in with single sign-on.");
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const outcome = await db.$transaction(async (tx): Promise<Outcome> => {
    // Always user name first, then address: two attempts never wait on each other in a cycle.
    await lockForTransaction(tx, advisoryLocks.loginUser(opts.username));
    await lockForTransaction(tx, advisoryLocks.loginAddress(opts.ip));
    // Failures that left the window count for nobody: the table stays as small as the window.
    await tx.loginFailure.deleteMany({ where: { at: { lt: since } } });
    const [byUser, byIp] = await Promise.all([
      tx.loginFailure.findMany({ where: { username: opts.username, at: { gte: since } }, select: { at: true } }),
      tx.loginFailure.findMany({ where: { ip: opts.ip, at: { gte: since } }, select: { at: true } }),
    ]);
    const locked = lockout({ user: byUser.map((f) => f.at), ip: byIp.map((f) => f.at) }, now);
    if (locked) {
      const retryAfterSeconds = String(Math.ceil(locked.retryAfterMs / 1000));
      return { ok: false, error: new AppError("rate_limited", lockoutMessage(locked), undefined, { retryAfterSeconds }) };
    }

    const user = await tx.user.findUnique({ where: { username: opts.username }, include: { oidcIdentity: { select: { userId: true } } } });
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), opts.password);
    if (!user || !ok) {
      await tx.loginFailure.create({ data: { username: opts.username, ip: opts.ip, at: now } });
      return { ok: false, error: new AppError("invalid_credentials", "Wrong user name or password.") };
    }
    if (user.oidcIdentity) {
      return { ok: false, error: new AppError("forbidden", "This account signs in with single sign-on, not a password.") };
    }
    if (opts.localSignIn === "admins" && user.role !== "admin") {
      const message = "Password sign-in is kept for administrators (the break-glass way in): sign in with single sign-on.";
      return { ok: false, error: new AppError("forbidden", message) };
    }
    await tx.loginFailure.deleteMany({ where: { username: opts.username } });
    const { token, expiresAt } = await createSession(tx, user.id, opts.sessionHours, now);
    return { ok: true, user: { id: user.id, username: user.username, role: user.role }, token, expiresAt };
  });
  if (!outcome.ok) throw outcome.error;
  return { user: outcome.user, token: outcome.token, expiresAt: outcome.expiresAt };
}
