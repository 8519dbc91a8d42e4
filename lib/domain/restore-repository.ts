/**
 * Which repository a restore (or a drill) reads its backup and WAL from: the cluster's primary or
 * one of its copy repositories (issue 17). A repository can serve only when it holds a complete
 * copy of the chosen backup and every WAL segment replay needs up to the target. Among those, the
 * default is the fastest to read:
 * - a repository's speed is what restores and drills measured reading its backups (stored bytes
 *   over the "restore base" time, the median of recent ones);
 * - one never measured is taken to read like the measured ones of its kind among the candidates,
 *   and when none of its kind was measured, at a nominal rate for its kind (a local directory is
 *   read faster than an object store over the network);
 * - equal speeds: the primary first, then the order given.
 */
import { formatRate } from "./byte-size";
import { median } from "./restore-estimate";

export type RepositoryKind = "posix" | "s3";

export interface RepositoryCoverage {
  repositoryId: string;
  name: string;
  role: "primary" | "copy";
  kind: RepositoryKind;
  /** The chosen backup is complete there (its manifest written, its files re-read). */
  backupComplete: boolean;
  /** Segments replay needs that are not there yet (the copy job has not reached them). */
  missingSegments: number;
  /** Median read rate of earlier restores' and drills' base from this repository; null when none. */
  measured: { bytesPerSecond: number; samples: number } | null;
}

/** Nominal read rates for a kind nothing of which was measured yet: they only order the kinds. */
export const NOMINAL_READ_RATES: Record<RepositoryKind, number> = { posix: 400e6, s3: 100e6 };

export interface ReadSpeed {
  bytesPerSecond: number;
  basis: "measured" | "kind" | "nominal";
}

/** A candidate as the restore form shows it: whether it serves, how fast it is taken to be, and why. */
export interface RankedRepository {
  repositoryId: string;
  name: string;
  role: "primary" | "copy";
  kind: RepositoryKind;
  covers: boolean;
  /** What it lacks, when it does not cover the target. */
  lacks: string | null;
  speed: ReadSpeed;
  /** The speed in words: "read at 120 MB/s by 3 earlier restores or drills". */
  speedReason: string;
}

export type RestoreRepositoryChoice =
  | { ok: true; repositoryId: string; reason: string; ranked: RankedRepository[] }
  | { ok: false; message: string; ranked: RankedRepository[] };

const covers = (c: RepositoryCoverage) => c.backupComplete && c.missingSegments === 0;

function whatIsMissing(c: RepositoryCoverage): string {
  const missing = [
    ...(c.backupComplete ? [] : ["a complete copy of the chosen backup"]),
    ...(c.missingSegments > 0 ? [`${c.missingSegments} WAL segment(s) replay needs`] : []),
  ];
  return `Repository "${c.name}" lacks ${missing.join(" and ")}: wait for the copy job to catch up, or restore from another repository.`;
}

/** How fast `c` is taken to read, judged beside the other candidates. */
export function readSpeed(c: RepositoryCoverage, all: readonly RepositoryCoverage[]): ReadSpeed {
  if (c.measured) return { bytesPerSecond: c.measured.bytesPerSecond, basis: "measured" };
  const sameKind = all.filter((o) => o.kind === c.kind && o.measured).map((o) => o.measured!.bytesPerSecond);
  if (sameKind.length > 0) return { bytesPerSecond: median(sameKind)!, basis: "kind" };
  return { bytesPerSecond: NOMINAL_READ_RATES[c.kind], basis: "nominal" };
}

const KIND_WORDS: Record<RepositoryKind, string> = { posix: "a directory", s3: "an S3 store" };

function speedReason(c: RepositoryCoverage, speed: ReadSpeed): string {
  if (speed.basis === "measured") {
    const n = c.measured!.samples;
    return `read at ${formatRate(speed.bytesPerSecond)} by ${n} earlier restore${n === 1 ? "" : "s"} or drill${n === 1 ? "" : "s"}`;
  }
  if (speed.basis === "kind")
    return `not measured yet; taken to read like the other ${c.kind} repositories (${formatRate(speed.bytesPerSecond)})`;
  return `not measured yet; ${KIND_WORDS[c.kind]}, taken to read ${c.kind === "posix" ? "faster than an S3 store" : "slower than a directory"}`;
}

/** Every candidate, fastest first (equal speeds: the primary, then the order given). */
export function rankRepositories(candidates: readonly RepositoryCoverage[]): RankedRepository[] {
  return candidates
    .map((c, i) => ({ c, i, speed: readSpeed(c, candidates) }))
    .sort(
      (a, b) =>
        b.speed.bytesPerSecond - a.speed.bytesPerSecond || Number(b.c.role === "primary") - Number(a.c.role === "primary") || a.i - b.i,
    )
    .map(({ c, speed }) => ({
      repositoryId: c.repositoryId,
      name: c.name,
      role: c.role,
      kind: c.kind,
      covers: covers(c),
      lacks: covers(c) ? null : whatIsMissing(c),
      speed,
      speedReason: speedReason(c, speed),
    }));
}

/**
 * `requested`: the repository the user chose, which must cover the target. None: the fastest of
 * those that cover it; `reason` says why that one.
 */
export function chooseRestoreRepository(candidates: RepositoryCoverage[], requested?: string): RestoreRepositoryChoice {
  const ranked = rankRepositories(candidates);
  if (requested !== undefined) {
    const chosen = ranked.find((c) => c.repositoryId === requested);
    if (!chosen) {
      const message = "That repository is neither this cluster's primary repository nor one of its copy repositories.";
      return { ok: false, message, ranked };
    }
    return chosen.covers
      ? { ok: true, repositoryId: chosen.repositoryId, reason: "chosen", ranked }
      : { ok: false, message: chosen.lacks!, ranked };
  }
  const fastest = ranked.find((c) => c.covers);
  if (fastest) {
    const others = ranked.filter((c) => c.covers).length - 1;
    const reason =
      others === 0
        ? `the only repository that holds the backup and the WAL to the target (${fastest.speedReason})`
        : `the fastest of the ${others + 1} repositories that hold the backup and the WAL to the target: ${fastest.speedReason}`;
    return { ok: true, repositoryId: fastest.repositoryId, reason, ranked };
  }
  if (ranked.length === 0) return { ok: false, message: "This cluster has no repository.", ranked };
  const first = ranked.find((c) => c.role === "primary") ?? ranked[0]!;
  return { ok: false, message: first.lacks!, ranked };
}
