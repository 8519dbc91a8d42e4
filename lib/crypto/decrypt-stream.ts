import { createDecipheriv } from "node:crypto";
import { Transform } from "node:stream";
import { ByteQueue } from "@/lib/crypto/byte-queue";
import { cipherSlices } from "@/lib/crypto/cipher-slices";
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
  /** A sealed chunk's plaintext, in pieces, once its tag checked. */
  const unseal = (sealed: Buffer[], tag: Buffer, final: boolean): Buffer[] => {
    const o = opened!;
    const decipher = createDecipheriv("aes-256-gcm", o.key, chunkNonce(o.noncePrefix, index, final));
    decipher.setAAD(o.header);
    decipher.setAuthTag(tag);
    try {
      const plaintext = Array.from(cipherSlices(sealed), (slice) => decipher.update(slice));
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
  const next = (self: Transform, sealedSize: number, final: boolean) => {
    const body = pending.take(sealedSize - TAG_SIZE);
    for (const piece of unseal(body, Buffer.concat(pending.take(TAG_SIZE)), final)) self.push(piece);
  };
  const step = (self: Transform, atEnd: boolean) => {
    if (!opened) {
      if (pending.length < HEADER_SIZE && !atEnd) return;
      opened = open(Buffer.concat(pending.take(Math.min(HEADER_SIZE, pending.length))));
    }
    while (pending.length > CHUNK_SIZE + TAG_SIZE) next(self, CHUNK_SIZE + TAG_SIZE, false);
    if (!atEnd) return;
    if (pending.length < TAG_SIZE) throw new EncryptedFormatError("the object ends without its final chunk: it was truncated");
    next(self, pending.length, true);
  };
  return new Transform({
    // Plaintext goes out in the pieces the decipher made, as encryptStream's ciphertext does.
    readableObjectMode: true,
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
