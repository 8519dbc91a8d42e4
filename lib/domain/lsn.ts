/**
 * WAL positions (LSNs) as PostgreSQL prints them: `%X/%X`, the high and low 32 bits in hex.
 * Kept as bigint because an LSN is a 64-bit byte position and numbers lose precision past 2^53.
 */

export const MAX_LSN = (1n << 64n) - 1n;

// pg_lsn input accepts either case; 1–8 digits on each side, nothing around them.
const LSN_PATTERN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseLsn(text: string): bigint {
  const match = LSN_PATTERN.exec(text);
  if (!match) {
    throw new Error(`Not a PostgreSQL LSN (expected 1-8 hex digits, '/', 1-8 hex digits, e.g. "16/B374D848"): ${JSON.stringify(text)}`);
  }
  const [, high = "", low = ""] = match;
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

export function formatLsn(lsn: bigint): string {
  assertLsn(lsn);
  const high = (lsn >> 32n).toString(16).toUpperCase();
  const low = (lsn & 0xffffffffn).toString(16).toUpperCase();
  return `${high}/${low}`;
}

/** Bytes from `b` to `a`, like `pg_wal_lsn_diff(a, b)`: positive when `a` is ahead. */
export function lsnDiff(a: bigint, b: bigint): bigint {
  assertLsn(a);
  assertLsn(b);
  return a - b;
}

export function assertLsn(lsn: bigint): void {
  if (lsn < 0n || lsn > MAX_LSN) {
    throw new RangeError(`LSN out of range (0 to 2^64-1): ${lsn}`);
  }
}
