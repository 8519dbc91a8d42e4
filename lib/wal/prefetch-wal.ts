/**
 * Fetches the WAL a recovery is about to ask for into a directory beside the copy, ahead of
 * replay, from the worker's warm process: restore_command (`wayback wal-fetch --prefetch-dir`)
 * then only moves a file that is already there and verified, instead of starting a connection,
 * reading the repository and hashing 16 MiB per segment while recovery waits.
 *
 * At most `depth` files wait in the directory, up to `parallel` of them fetched at once (an object
 * store answers each get after a round trip and serves several at once). A file recovery took is
 * gone from it; files before the newest taken one were skipped by recovery and are removed.
 * Anything that goes wrong here only stops the prefetch: restore_command fetches what is missing
 * itself and reports it.
 *
 * With `serve` (a repository the CLI cannot read: an encrypted one, docs/decisions/0015) this job
 * is restore_command's only source (`--served`, lib/wal/take-prefetched.ts takeServed): besides
 * fetching ahead, it answers every file recovery asks for (`<name>.want`) with the file or with
 * `<name>.absent`, keeps `.serving` fresh while it runs, and a failure is written to `.failed`
 * for restore_command to report, which stops recovery. Replay starts with the first segment, as
 * without encryption.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ArchivedSegment } from "@/lib/domain/wal-prefetch";
import type { OsUser } from "@/lib/pg/os-user";
import type { Repository } from "@/lib/storage/repository";
import { fetchWalFile, WalFileNotFoundError } from "./fetch-wal-file";
import { served } from "./take-prefetched";

export interface WalPrefetch {
  /** How many segments have been fetched ahead so far (started, when the prefetch stops mid-way). */
  readonly fetched: number;
  /** Stops fetching and removes the directory. */
  stop(): Promise<void>;
}

const IDLE_MS = 50;
const HEARTBEAT_MS = 1_000;

export async function startWalPrefetch(opts: {
  repo: Repository;
  clusterId: string;
  dir: string;
  segments: readonly ArchivedSegment[];
  owner?: OsUser;
  depth?: number;
  parallel?: number;
  serve?: boolean;
  onError?: (err: Error) => void;
}): Promise<WalPrefetch> {
  const { dir, segments, owner } = opts;
  const depth = opts.depth ?? 8;
  const parallel = opts.parallel ?? 4;
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { mode: 0o700 });
  if (owner) await fs.chown(dir, owner.uid, owner.gid);

  const stopping = new AbortController();
  const planned = new Map(segments.map((s, i) => [s.name, i]));
  const fetch = (name: string) =>
    fetchWalFile({
      repo: opts.repo,
      clusterId: opts.clusterId,
      name,
      destPath: path.join(dir, name),
      expectedSha256: segments[planned.get(name) ?? -1]?.sha256 ?? null,
      owner,
      signal: stopping.signal,
    });
  let next = 0;
  // Planned segments being fetched, and those fetched: only a fetched one missing from the
  // directory was taken by recovery (one being fetched is not there yet either).
  const inFlight = new Map<string, Promise<void>>();
  const fetched = new Set<string>();
  let failure: Error | null = null;
  const startFetch = (name: string) => {
    const work = fetch(name).then(
      () => void fetched.add(name),
      (err: Error) => void (failure ??= err),
    );
    inFlight.set(
      name,
      work.finally(() => inFlight.delete(name)),
    );
  };
  // Files put there because recovery asked: never taken for skipped ones by the clean-up below.
  const answered = new Set<string>();

  /** Answers what recovery asked for; a planned segment asked for moves the fetching ahead past it. */
  const answerWants = async (waiting: Set<string>) => {
    for (const entry of waiting) {
      if (!entry.endsWith(".want")) continue;
      const name = entry.slice(0, -".want".length);
      if (inFlight.has(name)) await inFlight.get(name);
      else if (!waiting.has(name)) {
        try {
          await fetch(name);
        } catch (err) {
          if (!(err instanceof WalFileNotFoundError)) throw err;
          await fs.writeFile(path.join(dir, served.absent(name)), "");
        }
      }
      if (failure) throw failure;
      await fs.rm(path.join(dir, entry), { force: true });
      answered.add(name);
      const i = planned.get(name);
      if (i !== undefined && i >= next) next = i + 1;
    }
  };

  const heartbeat = opts.serve ? setInterval(() => void beat(dir), HEARTBEAT_MS) : undefined;
  if (opts.serve) await beat(dir);
  const loop = (async () => {
    try {
      while (!stopping.signal.aborted && (opts.serve || next < segments.length || inFlight.size > 0)) {
        if (failure) throw failure;
        let waiting = new Set(await fs.readdir(dir));
        if (opts.serve) {
          await answerWants(waiting);
          waiting = new Set(await fs.readdir(dir));
        }
        for (const name of answered) if (!waiting.has(name)) answered.delete(name);
        const taken = lastTaken(segments, next, waiting, fetched);
        for (let i = 0; i < taken; i++) {
          const name = segments[i]!.name;
          if (waiting.has(name) && !answered.has(name)) await fs.rm(path.join(dir, name), { force: true });
        }
        let started = false;
        while (next < segments.length && inFlight.size < parallel && next - (taken + 1) < depth) {
          startFetch(segments[next++]!.name);
          started = true;
        }
        // Looks again when a fetch ends, or after a while for what recovery took or asked for.
        if (!started) await Promise.race([sleep(IDLE_MS), ...inFlight.values()]);
      }
      if (failure) throw failure;
    } finally {
      await Promise.allSettled(inFlight.values());
    }
  })().catch(async (err: Error) => {
    if (stopping.signal.aborted) return;
    opts.onError?.(err);
    // restore_command reports it and recovery stops: there is no other way to the WAL.
    if (opts.serve) await fs.writeFile(path.join(dir, served.failed), err.message).catch(() => undefined);
  });

  return {
    get fetched() {
      return next;
    },
    async stop() {
      stopping.abort();
      clearInterval(heartbeat);
      await loop;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Tells restore_command that this job still serves the directory. */
async function beat(dir: string): Promise<void> {
  const now = new Date();
  await fs
    .utimes(path.join(dir, served.heartbeat), now, now)
    .catch(() => fs.writeFile(path.join(dir, served.heartbeat), "").catch(() => undefined));
}

/** Index of the newest fetched segment recovery has taken (gone from the directory), or -1. */
function lastTaken(segments: readonly ArchivedSegment[], started: number, waiting: Set<string>, fetched: Set<string>): number {
  for (let i = started - 1; i >= 0; i--) {
    const name = segments[i]!.name;
    if (fetched.has(name) && !waiting.has(name)) return i;
  }
  return -1;
}
