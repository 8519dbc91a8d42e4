import { createHash } from "node:crypto";

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
