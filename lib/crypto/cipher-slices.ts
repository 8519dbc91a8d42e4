/**
 * AES-GCM in Node allocates a fresh output buffer per update(): fed in slices of at most this
 * size, those buffers come from the allocator's reused heap, where 1 MiB ones are new mappings
 * whose page faults cost more than the cipher (measured: ~2x the CPU time per MiB here). Freeing
 * 64 KiB ones still let glibc hand the heap's top back to the kernel between collections; below
 * its 64 KiB consolidation threshold a free never trims, so the pages stay (64 MiB put: ~1,000
 * minor faults at 64 KiB, ~10 at 16 KiB).
 */
export const CIPHER_SLICE = 16 * 1024;

/** `pieces` cut so that none is longer than CIPHER_SLICE (views, nothing copied). */
export function* cipherSlices(pieces: Buffer[]): Generator<Buffer> {
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; at += CIPHER_SLICE) yield piece.subarray(at, at + CIPHER_SLICE);
  }
}
