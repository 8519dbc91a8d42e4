/**
 * Cron expressions as policies hold them: five fields (minute hour day-of-month month
 * day-of-week), evaluated in an IANA time zone. cron-parser is the same parser BullMQ's job
 * schedulers run (the same version, deduplicated by npm), so the next runs shown in the form are
 * the ones the worker will fire.
 */
import { CronExpressionParser } from "cron-parser";

const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;

export type CronCheck = { ok: true } | { ok: false; reason: string };

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `expression` is not a usable schedule, in words a form can show under the field. */
export function checkCron(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== FIELD_NAMES.length) {
    return {
      ok: false,
      reason: `A schedule has 5 fields (${FIELD_NAMES.join(", ")}), e.g. "0 3 * * *" for 03:00 every day; this has ${fields.length}.`,
    };
  }
  try {
    const parsed = CronExpressionParser.parse(fields.join(" "), { tz: "UTC", strict: false });
    // Some impossible dates (31 February) only fail when a run is looked for.
    parsed.next();
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: explainParserError((err as Error).message) };
  }
}

function explainParserError(message: string): string {
  const constraint = /Constraint error, got value (\S+) expected range (\d+)-(\d+)/.exec(message);
  if (constraint) return `${constraint[1]} is out of range: that field takes ${constraint[2]} to ${constraint[3]}.`;
  const alias = /cannot resolve alias "([^"]*)"/.exec(message);
  if (alias) return `"${alias[1]}" is not a number or a month/day name (jan…dec, sun…sat).`;
  if (/Invalid explicit day of month/.test(message)) return "That day never occurs in the chosen month(s).";
  return `Not a valid schedule: ${message}.`;
}

/** The next `count` runs after `from`, in time order; throws on an invalid expression or zone. */
export function nextRuns(expression: string, timeZone: string, from: Date, count: number): Date[] {
  const parsed = CronExpressionParser.parse(expression.trim(), { tz: timeZone, currentDate: from });
  return Array.from({ length: count }, () => parsed.next().toDate());
}

/**
 * How many runs fell due in (after, until]: a scheduled job that ran late tells the catalog how
 * many ticks the worker missed. Counts at most `cap`, so a year-old gap in a minutely schedule
 * stays cheap.
 */
export function runsBetween(expression: string, timeZone: string, after: Date, until: Date, cap = 1000): number {
  const parsed = CronExpressionParser.parse(expression.trim(), { tz: timeZone, currentDate: after });
  let count = 0;
  while (count < cap && parsed.next().toDate() <= until) count += 1;
  return count;
}

/**
 * The longest gap between consecutive runs among the next `sample` runs, in whole hours rounded
 * up: how long after a backup the next one is due, for a schedule that is not evenly spaced
 * ("0 3 * * 1-5" has a 72-hour weekend gap).
 */
export function longestGapHours(expression: string, timeZone: string, from: Date, sample = 10): number {
  const runs = nextRuns(expression, timeZone, from, sample);
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]!.getTime() - runs[i - 1]!.getTime());
  return Math.ceil(longest / 3_600_000);
}
