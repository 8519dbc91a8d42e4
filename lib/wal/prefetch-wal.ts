/**
 * Fetches the WAL a recovery is about to ask for into a directory beside the copy, ahead of
 * replay, from the worker's warm process: restore_command (`wayback wal-fetch --prefetch-dir`)
 * then only moves a file that is already there and verified, instead of starting a connection,
 * reading the repository and hashing 16 MiB per segment while recovery waits.
 *
 * At most `depth` files wait in the directory. A file recovery took is gone from it; files before
 * the newest taken one were skipped by recovery and are removed. Anything that goes wrong here
 * only stops the prefetch: restore_command fetches what is missing itself and reports it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ArchivedSegment } from "@/lib/domain/wal-prefetch";
import type { OsUser } from "@/lib/pg/os-user";
import type { Repository } from "@/lib/storage/repository";
import { fetchWalFile } from "./fetch-wal-file";

export interface WalPrefetch {
  /** How many segments have been fetched ahead so far. */
  readonly fetched: number;
  /** Stops fetching and removes the directory. */
  stop(): Promise<void>;
}

const IDLE_MS = 50;

export async function startWalPrefetch(opts: {
  repo: Repository;
  clusterId: string;
  dir: string;
  segments: readonly ArchivedSegment[];
  owner?: OsUser;
  depth?: number;
  onError?: (err: Error) => void;
}): Promise<WalPrefetch> {
  const { dir, segments, owner } = opts;
  const depth = opts.depth ?? 8;
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { mode: 0o700 });
  if (owner) await fs.chown(dir, owner.uid, owner.gid);

  const stopping = new AbortController();
  let next = 0;
  const loop = (async () => {
    while (next < segments.length && !stopping.signal.aborted) {
      const waiting = new Set(await fs.readdir(dir));
      const taken = lastTaken(segments, next, waiting);
      for (let i = 0; i < taken; i++) if (waiting.has(segments[i]!.name)) await fs.rm(path.join(dir, segments[i]!.name), { force: true });
      if (next - (taken + 1) >= depth) {
        await sleep(IDLE_MS);
        continue;
      }
      const s = segments[next]!;
      await fetchWalFile({
        repo: opts.repo,
        clusterId: opts.clusterId,
        name: s.name,
        destPath: path.join(dir, s.name),
        expectedSha256: s.sha256,
        owner,
        signal: stopping.signal,
      });
      next++;
    }
  })().catch((err: Error) => {
    if (!stopping.signal.aborted) opts.onError?.(err);
  });

  return {
    get fetched() {
      return next;
    },
    async stop() {
      stopping.abort();
      await loop;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Index of the newest fetched segment recovery has taken (gone from the directory), or -1. */
function lastTaken(segments: readonly ArchivedSegment[], fetched: number, waiting: Set<string>): number {
  for (let i = fetched - 1; i >= 0; i--) if (!waiting.has(segments[i]!.name)) return i;
  return -1;
}
