import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";

/**
 * A pipeline stage that hashes (SHA-256) and counts the bytes flowing through it, so a file is
 * checksummed while it is written instead of read twice.
 */
export function sha256Tap(): {
  stage: (chunks: AsyncIterable<Buffer | string>) => AsyncGenerator<Buffer>;
  digest: () => { size: number; sha256: string };
} {
  const hash = createHash("sha256");
  let size = 0;
  return {
    stage: async function* (chunks) {
      for await (const chunk of chunks) {
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        hash.update(buf);
        size += buf.length;
        yield buf;
      }
    },
    digest: () => ({ size, sha256: hash.digest("hex") }),
  };
}

/** Size and sha256 of everything `source` yields, read once. */
export async function hashStream(source: NodeJS.ReadableStream, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
  const tap = sha256Tap();
  await pipeline(
    source,
    tap.stage,
    async (chunks: AsyncIterable<Buffer>) => {
      for await (const _chunk of chunks); // the tap did the work; this end only drains
    },
    { signal },
  );
  return tap.digest();
}
