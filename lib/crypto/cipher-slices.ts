/**
 * AES-GCM in Node allocates a fresh output buffer per update(): fed in slices of at most this
 * size, those buffers come from the allocator's reused heap, where 1 MiB ones are new mappings
 * whose page faults cost more than the cipher (measured: ~2x the CPU time per MiB here).
 */
export const CIPHER_SLICE = 64 * 1024;

/** `pieces` cut so that none is longer than CIPHER_SLICE (views, nothing copied). */
export function* cipherSlices(pieces: Buffer[]): Generator<Buffer> {
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; at += CIPHER_SLICE) yield piece.subarray(at, at + CIPHER_SLICE);
  }
}
