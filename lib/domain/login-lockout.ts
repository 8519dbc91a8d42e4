/**
 * Sign-in throttling. A user name is locked after USER_LIMIT failures within the window, an IP
 * address after IP_LIMIT (higher: several people may sign in from behind one NAT). A lock lasts
 * until the oldest counted failure leaves the window. A successful sign-in clears its user name's
 * failures, not its IP's.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const USER_LIMIT = 5;
export const IP_LIMIT = 20;

export interface Lockout {
  by: "user" | "ip";
  retryAfterMs: number;
}

/** The lock in force at `now`, given the times of recent failures (any order), or null. */
export function lockout(failures: { user: readonly Date[]; ip: readonly Date[] }, now: Date): Lockout | null {
  const byUser = lockedFor(failures.user, USER_LIMIT, now);
  const byIp = lockedFor(failures.ip, IP_LIMIT, now);
  if (byUser === null && byIp === null) return null;
  return (byUser ?? 0) >= (byIp ?? 0) ? { by: "user", retryAfterMs: byUser! } : { by: "ip", retryAfterMs: byIp! };
}

function lockedFor(times: readonly Date[], limit: number, now: Date): number | null {
  // A failure stamped after `now` counts too: a parallel attempt that started later may have
  // recorded its guess before this one took the lock (ignoring it let parallel guesses past the limit).
  const inWindow = times
    .map((t) => t.getTime())
    .filter((t) => now.getTime() - t < LOGIN_WINDOW_MS)
    .sort((a, b) => b - a);
  if (inWindow.length < limit) return null;
  // Unlocks when the limit-th newest failure leaves the window: then fewer than `limit` remain.
  return inWindow[limit - 1]! + LOGIN_WINDOW_MS - now.getTime();
}

/** "Try again in 12 minutes." — rounded up, never "0 minutes". */
export function lockoutMessage(l: Lockout): string {
  const minutes = Math.max(1, Math.ceil(l.retryAfterMs / 60_000));
  const who = l.by === "user" ? "this user name" : "your address";
  return `Too many failed sign-ins for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
