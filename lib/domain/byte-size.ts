/**
 * The one way Wayback writes a number of bytes for people: decimal units, three significant
 * digits ("1.61 GB", "23.4 MB", "512 bytes"), in the UI, job logs, plans and estimates alike. A kB
 * is 1000 bytes, as the unit's name says. PostgreSQL's pg_size_pretty prints "kB" for 1024 bytes;
 * Wayback printed both, so the same "MB" meant two sizes depending on where it was read. Exact
 * byte counts stay available where they matter (titles, logs).
 */
const UNITS = ["kB", "MB", "GB", "TB", "PB"] as const;

/** "1.61 GB" for 1_610_000_000; "—" when the size is not known. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (bytes < 1000) return `${bytes} bytes`;
  let value = bytes;
  let unit = "bytes";
  for (const u of UNITS) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${unit}`;
}

/** Bytes per second the same way: "12.3 MB/s"; "—" when the rate is not known. */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) return "—";
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}
