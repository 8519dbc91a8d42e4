/**
 * recovery_target_time as a user writes it: ISO 8601 / RFC 3339 with an explicit UTC offset (the
 * server's time zone must never decide which moment is meant), turned into the instant and the
 * UTC text written into the recovery settings.
 */

// ISO 8601 / RFC 3339: date, "T" (or a space), time with optional seconds and fraction, offset.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export interface ParsedTargetTime {
  /** The instant, to the millisecond. */
  date: Date;
  /** The same instant in UTC for recovery_target_time, keeping every fractional digit given. */
  canonical: string;
}

type TimeParse = { ok: true; value: ParsedTargetTime } | { ok: false; message: string };

export const TIME_FORMAT_HINT = "e.g. 2026-11-24T14:31:00Z or 2026-11-24T16:31:00+02:00";

/** The time a user wrote, or what to fix in it. */
export function readTargetTime(text: string): TimeParse {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return { ok: false, message: `Enter the time in ISO 8601 with a UTC offset, ${TIME_FORMAT_HINT}.` };
  const [, y, mo, d, h, mi, s = "00", frac = "", zulu, sign, oh, om = "00"] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const monthDays = month === 2 ? (isLeap(year) ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
  // An impossible date is the problem to fix first: adding an offset to it would not help.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    return {
      ok: false,
      message: `${text.trim()} is not a real date and time (months run 01–12, days to the month's end, hours 00–23, minutes and seconds 00–59).`,
    };
  }
  if (!zulu && !sign) {
    return {
      ok: false,
      message: `Add a UTC offset to the time, e.g. "+02:00" or "Z": without one the server's time zone would decide which moment it is.`,
    };
  }
  const offsetHours = Number(oh ?? "0");
  const offsetMinutes = Number(om);
  if (offsetHours > 15 || offsetMinutes > 59) {
    return { ok: false, message: `The UTC offset must be between -15:59 and +15:59.` };
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, Number(frac.slice(0, 3).padEnd(3, "0")));
  const offsetMs = (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const date = new Date(local.getTime() - offsetMs);
  const canonical = `${date.toISOString().slice(0, 19)}${frac ? `.${frac}` : ""}Z`;
  return { ok: true, value: { date, canonical } };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Parses a time target already accepted by restoreTargetInput; throws on anything else. */
export function parseTargetTime(text: string): ParsedTargetTime {
  const parsed = readTargetTime(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
