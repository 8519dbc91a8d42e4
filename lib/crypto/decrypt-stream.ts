import { createDecipheriv } from "node:crypto";
import { Transform } from "node:stream";
import { ByteQueue } from "@/lib/crypto/byte-queue";
import { keyIdOf, objectKey } from "@/lib/crypto/data-key";
import {
  CHUNK_SIZE,
  EncryptedFormatError,
  HEADER_SIZE,
  TAG_SIZE,
  chunkNonce,
  formatHeader,
  parseHeader,
} from "@/lib/domain/encrypted-format";

/** The object was encrypted with another data key than the one given. */
export class WrongKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WrongKeyError";
  }
}

/**
 * Wayback's chunked encrypted format in, plaintext out. A chunk's plaintext is passed on only
 * after its tag checked; an object cut short, reordered, spliced, extended or flipped fails with
 * EncryptedFormatError, one under another key with WrongKeyError. Callers must treat a stream
 * that errors as worthless even if some plaintext came out before the error.
 */
export function decryptStream(dataKey: Buffer): Transform {
  const pending = new ByteQueue();
  let opened: { header: Buffer; key: Buffer; noncePrefix: Buffer } | null = null;
  let index = 0;
  const open = (header: Buffer) => {
    const parsed = parseHeader(header);
    if (!parsed.keyId.equals(keyIdOf(dataKey))) {
      throw new WrongKeyError(
        `the object was encrypted with data key ${parsed.keyId.toString("hex")}, not with this repository's key ${keyIdOf(dataKey).toString("hex")}`,
      );
    }
    // Authenticate the header as it will be re-formatted: reserved bytes and all.
    return { header: formatHeader(parsed), key: objectKey(dataKey, parsed.salt), noncePrefix: parsed.noncePrefix };
  };
  const unseal = (sealed: Buffer, final: boolean): Buffer => {
    const o = opened!;
    const decipher = createDecipheriv("aes-256-gcm", o.key, chunkNonce(o.noncePrefix, index, final));
    decipher.setAAD(o.header);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    try {
      const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
      decipher.final(); // GCM returns nothing more here; it throws when the tag does not match
      return plaintext;
    } catch {
      throw new EncryptedFormatError(
        `chunk ${index} does not authenticate${final ? " as the final chunk" : ""}: the object was altered, truncated or reordered`,
      );
    } finally {
      index++;
    }
  };
  const step = (self: Transform, atEnd: boolean) => {
    if (!opened) {
      if (pending.length < HEADER_SIZE && !atEnd) return;
      opened = open(pending.take(Math.min(HEADER_SIZE, pending.length)));
    }
    while (pending.length > CHUNK_SIZE + TAG_SIZE) self.push(unseal(pending.take(CHUNK_SIZE + TAG_SIZE), false));
    if (!atEnd) return;
    if (pending.length < TAG_SIZE) throw new EncryptedFormatError("the object ends without its final chunk: it was truncated");
    self.push(unseal(pending.take(pending.length), true));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      try {
        step(this, false);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      try {
        step(this, true);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
