/** Display formats shared by every page: sizes like pg_size_pretty, times in local time. */

const SIZE_UNITS = ["bytes", "kB", "MB", "GB", "TB", "PB"] as const;

/** 1536 → "1.5 kB" (1024-based, the units PostgreSQL's pg_size_pretty uses). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? value.toFixed(1) : Math.round(value).toString();
  return `${shown} ${SIZE_UNITS[unit]}`;
}

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
