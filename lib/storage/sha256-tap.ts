import { createHash } from "node:crypto";
import { Transform } from "node:stream";
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

/** sha256Tap's shape for a caller that keeps its own digest: counts the bytes, and its sha256 is "". */
export function sizeTap(): ReturnType<typeof sha256Tap> {
  let size = 0;
  return {
    stage: async function* (chunks) {
      for await (const chunk of chunks) {
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        size += buf.length;
        yield buf;
      }
    },
    digest: () => ({ size, sha256: "" }),
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

/**
 * A pass-through stream that hashes what flows through it and, at the end, fails with
 * `mismatch(actual)` unless the sha256 is `expected`: a reader never sees a clean end of damaged bytes.
 */
export function sha256Check(expected: string, mismatch: (actual: { size: number; sha256: string }) => Error): Transform {
  const hash = createHash("sha256");
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest("hex");
      done(sha256 === expected ? null : mismatch({ size, sha256 }));
    },
  });
}
