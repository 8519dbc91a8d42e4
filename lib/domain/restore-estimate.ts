/**
 * How long a restore will take, before it runs. Parts: extracting the base backup, replaying WAL,
 * and the fixed cost of any restore (starting the server, ending recovery, checking the copy),
 * which dominates small databases. Each part comes from the best measurement there is:
 * 1. this cluster's earlier restores and drills (the same data, the same kind of work);
 * 2. this installation's recent jobs on any cluster: a backup's verify phase extracts the whole
 *    backup and reads it back (as a restore's base phase does); finished restores give replay
 *    speed and the fixed cost;
 * 3. only when nothing was ever measured, assumed rates, said so.
 */
import { formatRate } from "./byte-size";

/** Assumed only when nothing was measured: extraction of the base backup, WAL replay, fixed cost. */
export const ASSUMED_BASE_BYTES_PER_SECOND = 200_000_000;
export const ASSUMED_REPLAY_BYTES_PER_SECOND = 50_000_000;
export const ASSUMED_FIXED_SECONDS = 10;

/** One earlier restore or drill of this cluster. */
export interface RestoreHistoryEntry {
  databaseBytes: number;
  baseSeconds: number;
  walBytes: number;
  replaySeconds: number;
}

/** What this installation's recent jobs measured, on any cluster (lib/restores/measured-speeds.ts). */
export interface HostMeasurements {
  /** Complete backups: database bytes, and how long their copy and verify phases took. */
  backups: { databaseBytes: number; copyMs: number | null; verifyMs: number | null }[];
  /** Finished restores: their whole duration and the parts counted in bytes. */
  restores: { totalMs: number; baseMs: number; replayMs: number; walBytes: number }[];
}

export interface RestoreEstimate {
  seconds: number;
  basis: "measured" | "rough";
  detail: string;
}

interface Rate {
  value: number;
  /** Where the figure comes from, in words, or null when it is assumed. */
  source: string | null;
}

const rate = (bytes: number, seconds: number) => (bytes > 0 && seconds > 0 && Number.isFinite(bytes / seconds) ? bytes / seconds : null);
const defined = <T>(v: T | null): v is T => v !== null;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of `rates` described by `source(n)`, or the next candidate when there are none. */
function firstMeasured(candidates: { rates: number[]; source: (n: number) => string }[], assumed: number): Rate {
  for (const c of candidates) {
    const m = median(c.rates);
    if (m !== null) return { value: m, source: c.source(c.rates.length) };
  }
  return { value: assumed, source: null };
}

export function estimateRestoreSeconds(input: {
  storedBytes: number;
  databaseBytes: number;
  walBytes: bigint;
  history: RestoreHistoryEntry[];
  host: HostMeasurements;
}): RestoreEstimate {
  const { history, host } = input;
  const clusterBase = history.map((h) => rate(h.databaseBytes, h.baseSeconds)).filter(defined);
  const clusterReplay = history.map((h) => rate(h.walBytes, h.replaySeconds)).filter(defined);
  const hostVerify = host.backups.map((b) => rate(b.databaseBytes, (b.verifyMs ?? 0) / 1000)).filter(defined);
  const hostCopy = host.backups.map((b) => rate(b.databaseBytes, (b.copyMs ?? 0) / 1000)).filter(defined);
  const hostReplay = host.restores.map((r) => rate(r.walBytes, r.replayMs / 1000)).filter(defined);
  const fixed = host.restores.map((r) => Math.max(0, r.totalMs - r.baseMs - r.replayMs) / 1000);

  const base = firstMeasured(
    [
      { rates: clusterBase, source: (n) => `median of ${plural(n, "earlier restore")} of this cluster` },
      { rates: hostVerify, source: (n) => `as fast as this installation verified its last ${plural(n, "backup")}` },
      { rates: hostCopy, source: (n) => `as fast as this installation copied its last ${plural(n, "backup")}` },
    ],
    ASSUMED_BASE_BYTES_PER_SECOND,
  );
  const replay = firstMeasured(
    [
      { rates: clusterReplay, source: (n) => `median of ${plural(n, "earlier restore")} of this cluster` },
      { rates: hostReplay, source: (n) => `median of this installation's last ${plural(n, "restore")}` },
    ],
    ASSUMED_REPLAY_BYTES_PER_SECOND,
  );
  const fixedMedian = median(fixed);
  const fixedSeconds = fixedMedian ?? ASSUMED_FIXED_SECONDS;

  const baseBytes = Math.max(0, input.databaseBytes > 0 ? input.databaseBytes : input.storedBytes);
  const walBytes = Math.max(0, Number(input.walBytes));
  const seconds = Math.ceil(baseBytes / base.value + walBytes / replay.value + fixedSeconds);

  const replayCounts = walBytes > 0;
  const parts = [
    `base restore at ${base.source ? `${formatRate(base.value)} (${base.source})` : `an assumed ${formatRate(base.value)} (never measured)`}`,
    replayCounts
      ? `WAL replay at ${replay.source ? `${formatRate(replay.value)} (${replay.source})` : `an assumed ${formatRate(replay.value)} (never measured)`}`
      : null,
    fixedMedian !== null
      ? `${Math.round(fixedSeconds)} s to start, recover and check the copy (median of this installation's last ${plural(fixed.length, "restore")})`
      : `an assumed ${ASSUMED_FIXED_SECONDS} s to start, recover and check the copy (no restore measured yet)`,
  ].filter(defined);
  // "measured" only when every part that counts came from measurements of this very cluster or host.
  const measured = base.source !== null && (!replayCounts || replay.source !== null) && fixedMedian !== null;
  return { seconds, basis: measured ? "measured" : "rough", detail: `${measured ? "" : "rough figure: "}${parts.join(", ")}` };
}
