/**
 * When a supervised process (the worker, the dashboard) exits without being asked to, it is
 * started again after a delay that doubles with each exit in a row, up to a cap; a process that
 * ran for a stable period before exiting starts a new streak, so one crash a day never waits
 * the capped delay.
 */
export interface RestartPolicy {
  /** Delay before the first restart of a streak. */
  initialMs: number;
  /** The delay never grows past this. */
  maxMs: number;
  /** A process that ran at least this long before exiting was healthy: the streak starts over. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 2_000, maxMs: 60_000, stableMs: 60_000 };

export interface RestartPlan {
  /** Restarts in a row, this one included (1 after a stable run). */
  streak: number;
  delayMs: number;
}

/** The next restart after a process that ran `ranMs` exited, following `previousStreak` restarts in a row. */
export function planRestart(policy: RestartPolicy, previousStreak: number, ranMs: number): RestartPlan {
  const streak = ranMs >= policy.stableMs ? 1 : previousStreak + 1;
  // 2 ** 52 is already past any cap; clamping the exponent keeps the arithmetic finite.
  const delayMs = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(streak - 1, 52));
  return { streak, delayMs };
}

/** "2 s", "0.5 s", "60 s": how a delay reads in the log. */
export function formatDelay(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(1))} s`;
}
