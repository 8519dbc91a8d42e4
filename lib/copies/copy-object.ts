import type { Repository, StoredObject } from "@/lib/storage/repository";

/** The copy at the destination is not what the catalog recorded: nothing may count it as copied. */
export class CopyChecksumError extends Error {
  constructor(
    readonly key: string,
    readonly destination: string,
    readonly expectedSha256: string,
    readonly foundSha256: string,
  ) {
    super(
      `The copy of "${key}" in ${destination} has sha256 ${foundSha256}, expected ${expectedSha256}: ` +
        `the copy repository changed or lost data while it was written; the copy is retried on the next run.`,
    );
    this.name = "CopyChecksumError";
  }
}

/**
 * Streams one object from `from` to `to`, then re-reads it at the destination: the copy counts
 * only when the stored object's sha256 is the catalog's (`expectedSha256`), or, for an object the
 * catalog has no checksum of (a manifest), the one computed while it was written.
 */
export async function copyObject(
  from: Repository,
  to: Repository,
  key: string,
  opts: { expectedSha256: string | null; immutable?: boolean; signal: AbortSignal },
): Promise<StoredObject> {
  const written = await to.put(key, await from.get(key), { immutable: opts.immutable, signal: opts.signal });
  const expected = opts.expectedSha256 ?? written.sha256;
  const stored = await to.checksum(key, opts.signal);
  if (stored.sha256 !== expected) throw new CopyChecksumError(key, to.describe(), expected, stored.sha256);
  return stored;
}
