/**
 * Calendar periods (day, ISO week, month, year) as people in one time zone count them. A backup
 * taken at 23:30 in Berlin belongs to that Berlin day, whatever UTC says; periods are computed on
 * local calendar dates, never by subtracting milliseconds, so DST changes and leap days move
 * nothing.
 */

export type PeriodKind = "daily" | "weekly" | "monthly" | "yearly";
export const PERIOD_KINDS: readonly PeriodKind[] = ["daily", "weekly", "monthly", "yearly"];

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(at: Date, timeZone: string): LocalDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** A calendar date shifted by whole days, months or years (Date.UTC normalises overflow). */
function shift({ year, month, day }: LocalDate, by: { days?: number; months?: number; years?: number }): LocalDate {
  const d = new Date(Date.UTC(year + (by.years ?? 0), month - 1 + (by.months ?? 0), day + (by.days ?? 0)));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 week-numbering year and week of a calendar date (weeks start on Monday). */
function isoWeek({ year, month, day }: LocalDate): { year: number; week: number } {
  const d = new Date(Date.UTC(year, month - 1, day));
  const weekday = d.getUTCDay() || 7;
  // The Thursday of this week decides the week-numbering year.
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

function keyOf(kind: PeriodKind, date: LocalDate): string {
  switch (kind) {
    case "daily":
      return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
    case "weekly": {
      const w = isoWeek(date);
      return `${w.year}-W${pad(w.week)}`;
    }
    case "monthly":
      return `${date.year}-${pad(date.month)}`;
    case "yearly":
      return String(date.year);
  }
}

/** The period `at` falls in, e.g. "2026-11-24", "2026-W48", "2026-11", "2026". */
export function periodKey(kind: PeriodKind, at: Date, timeZone: string): string {
  return keyOf(kind, localDate(at, timeZone));
}

/**
 * The keys of the `count` most recent periods of a kind, the one holding `now` first: "the last
 * 7 days" are today and the 6 days before it.
 */
export function recentPeriods(kind: PeriodKind, count: number, now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  // Months and years step from the 1st so that "one month before 31 March" is February, not 3 March.
  const firstOfMonth = { ...today, day: 1 };
  return Array.from({ length: count }, (_, i) => {
    switch (kind) {
      case "daily":
        return keyOf(kind, shift(today, { days: -i }));
      case "weekly":
        return keyOf(kind, shift(today, { days: -7 * i }));
      case "monthly":
        return keyOf(kind, shift(firstOfMonth, { months: -i }));
      case "yearly":
        return keyOf(kind, shift(firstOfMonth, { years: -i }));
    }
  });
}
