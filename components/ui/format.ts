/** Display formats shared by every page: sizes as everywhere in Wayback, times in local time. */
import { formatBytes } from "@/lib/domain/byte-size";

export { formatBytes, formatRate } from "@/lib/domain/byte-size";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2025-11-24 23:27:05" in the browser's time zone. */
export function formatLocalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "2025-11-24 23:27:05 UTC". */
export function formatUtcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** 95_000 → "1 min 35 s"; 450 → "0.5 s"; hours and days for long jobs. "—" when absent. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** A fraction 0..1 as a whole percent, 0..100. */
export function toPercent(fraction: number): number {
  return Math.max(0, Math.min(100, Math.round(fraction * 100)));
}

/** "5.37 GB (5,368,709,120 bytes)" for exact figures in titles. */
export function formatExactBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  return bytes < 1000 ? `${bytes} bytes` : `${formatBytes(bytes)} (${bytes.toLocaleString("en-US")} bytes)`;
}

/**
 * "11-24 23:27" in local time: short enough for axis ticks; `withDate: false` gives "23:27"; a
 * zoomed-in axis adds seconds ("23:27:05") or milliseconds ("23:27:05.250").
 */
export function formatLocalTick(ms: number, withDate: boolean, unit: "min" | "s" | "ms" = "min"): string {
  const d = new Date(ms);
  const seconds = unit === "min" ? "" : `:${pad(d.getSeconds())}${unit === "ms" ? `.${String(d.getMilliseconds()).padStart(3, "0")}` : ""}`;
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
  return withDate ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}` : hm;
}

/**
 * The fractional second of an ISO string as written, up to microseconds, trailing zeros dropped
 * (".718", ".123456", "" for none). Read from the text: a Date keeps only milliseconds.
 */
export function isoFraction(iso: string): string {
  const digits = (/T\d{2}:\d{2}:\d{2}[.,](\d+)/.exec(iso)?.[1] ?? "").slice(0, 6).replace(/0+$/, "");
  if (digits === "") return "";
  return `.${digits.length <= 3 ? digits.padEnd(3, "0") : digits.padEnd(6, "0")}`;
}

/**
 * An instant as the restore form's "Time" field shows it: "2025-11-24 23:27:05" in the browser's
 * time zone, with ".123" or ".123456" added only when there are fractions of a second (so the
 * value is exact: PostgreSQL keeps microseconds).
 */
export function formatLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatLocalTime(iso)}${isoFraction(iso)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** A parsed time: `date` to the millisecond, `micros` the microseconds below that (0–999), which Date cannot hold. */
export type LocalTimeParse = { ok: true; date: Date; micros: number } | { ok: false; message: string };

/**
 * "2025-11-24 23:27:05" read in the browser's time zone (seconds and milliseconds optional). A
 * value pasted with its own offset ("…Z", "…+02:00") is read with that offset instead. Times that
 * do not exist locally (the hour skipped when clocks go forward) are refused.
 */
export function parseLocalInput(text: string): LocalTimeParse {
  const m = LOCAL_INPUT.exec(text.trim());
  if (!m) return { ok: false, message: "Enter the time as YYYY-MM-DD HH:MM:SS, e.g. 2025-11-24 23:27:05." };
  const [, y, mo, d, h, mi, s = "0", frac = "", zulu, sign, oh, om] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const fraction = frac.padEnd(6, "0");
  const ms = Number(fraction.slice(0, 3));
  const micros = Number(fraction.slice(3, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `${text.trim()} is not a real date and time.` };
  }
  if (zulu || sign) {
    const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const check = new Date(utc);
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1)
      return { ok: false, message: `${text.trim()} is not a real date and time.` };
    const offset = zulu ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
    return { ok: true, date: new Date(utc - offset * 60_000), micros };
  }
  const date = new Date(year, month - 1, day, hour, minute, second, ms);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return { ok: false, message: `${text.trim()} is not a real date and time.` };
  }
  if (date.getHours() !== hour || date.getMinutes() !== minute) {
    return { ok: false, message: `${text.trim()} does not exist in your time zone (the clocks skipped it).` };
  }
  return { ok: true, date, micros };
}

/**
 * "2025-11-24T23:27:05+01:00" (".123" with milliseconds, ".123456" with `micros`, the
 * microseconds below them): local wall time with its UTC offset.
 */
export function formatIsoWithOffset(date: Date, micros = 0): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const local = formatLocalTime(date.toISOString()).replace(" ", "T");
  return `${local}${fractionOf(date, micros)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ".123", ".123456" or "" for a date's milliseconds and the microseconds below them. */
export function fractionOf(date: Date, micros = 0): string {
  const ms = String(date.getMilliseconds()).padStart(3, "0");
  if (micros > 0) return `.${ms}${String(micros).padStart(3, "0")}`;
  return ms === "000" ? "" : `.${ms}`;
}

/** "UTC+01:00" for the browser's offset at `date`, with the zone name when the browser knows it. */
export function describeLocalZone(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  const utc = `UTC${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone ? `${zone}, ${utc}` : utc;
}

/** A time estimate in seconds, humanised: "about 3 min 20 s"; under a second says so. */
export function formatEstimate(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return "under a second";
  return `about ${formatDuration(seconds * 1000)}`;
}

const AGO_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** How long ago, in the largest whole unit: "3 days ago", "5 minutes ago", "just now". */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const ms = now - Date.parse(iso);
  const unit = AGO_UNITS.find(([, size]) => ms >= size);
  if (!unit) return "just now";
  return new Intl.RelativeTimeFormat("en", { numeric: "always" }).format(-Math.floor(ms / unit[1]), unit[0]);
}

/** A moment as people in `timeZone` read it: "Wed 25 Nov, 03:00". */
export function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}
