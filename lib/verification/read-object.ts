import { pipeline } from "node:stream/promises";
import { sha256Tap } from "@/lib/storage/sha256-tap";
import { ChecksumMismatchError, type Repository } from "@/lib/storage/repository";

/**
 * Re-reads one object from the repository: its size and SHA-256 as stored now, and its first
 * `headBytes` bytes (a WAL page header, a history file's text). `onBytes` hears every chunk, so
 * progress moves inside a large file too. An object the store itself finds changed since it was
 * written reads as what it is now, for the checks to compare with the catalog.
 */
export async function readObject(
  repo: Repository,
  key: string,
  opts: { headBytes?: number; onBytes?: (n: number) => void; signal?: AbortSignal } = {},
): Promise<{ size: number; sha256: string; head: Buffer }> {
  const tap = sha256Tap();
  const want = opts.headBytes ?? 0;
  const head: Buffer[] = [];
  let kept = 0;
  const done = pipeline(
    await repo.get(key),
    tap.stage,
    async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        if (kept < want) {
          head.push(chunk.subarray(0, want - kept));
          kept += Math.min(chunk.length, want - kept);
        }
        opts.onBytes?.(chunk.length);
      }
    },
    { signal: opts.signal },
  );
  try {
    await done;
  } catch (err) {
    // An object store that checks what it returns against the digest recorded at write fails the
    // read at its end: what was read is the finding to report (against the catalog), not an error.
    if (err instanceof ChecksumMismatchError && err.key === key) return { ...err.actual, head: Buffer.concat(head) };
    throw err;
  }
  return { ...tap.digest(), head: Buffer.concat(head) };
}
