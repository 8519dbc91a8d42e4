import { isEncryptedObject } from "@/lib/domain/encrypted-format";

/**
 * A pipeline stage for `wal-fetch`, which holds no repository key: an object of an encrypted
 * repository must fail loudly, never reach pg_wal as if it were WAL (a history file has no
 * catalog checksum that would catch it). Decrypted WAL never starts with the format's magic.
 */
export function refuseEncryptedObject(what: string) {
  return async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let first = true;
    for await (const chunk of chunks) {
      if (first && isEncryptedObject(chunk)) {
        throw new Error(
          `${what} is stored encrypted (its repository is encrypted) and wal-fetch holds no key: restore with Wayback's restore job, which decrypts the WAL recovery needs.`,
        );
      }
      first = false;
      yield chunk;
    }
  };
}
