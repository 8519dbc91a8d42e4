import { createCipheriv, randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import { ByteQueue } from "@/lib/crypto/byte-queue";
import { cipherSlices } from "@/lib/crypto/cipher-slices";
import { keyIdOf, objectKey } from "@/lib/crypto/data-key";
import { CHUNK_SIZE, NONCE_PREFIX_SIZE, SALT_SIZE, chunkNonce, formatHeader } from "@/lib/domain/encrypted-format";

/**
 * Plaintext in, Wayback's chunked encrypted format out (lib/domain/encrypted-format.ts), holding at
 * most two chunks in memory. A full chunk is sealed only when more bytes follow it, because the
 * final chunk is sealed differently and the end is known only at flush. The ciphertext goes out
 * in the pieces the cipher makes (an object-mode readable side): a byte-mode one would join what
 * is buffered into one new buffer on every read.
 */
export function encryptStream(dataKey: Buffer): Transform {
  const salt = randomBytes(SALT_SIZE);
  const noncePrefix = randomBytes(NONCE_PREFIX_SIZE);
  const header = formatHeader({ keyId: keyIdOf(dataKey), salt, noncePrefix });
  const key = objectKey(dataKey, salt);
  const pending = new ByteQueue();
  let index = 0;
  // Ciphertext and tag go out as they are made, without copying them together.
  const seal = (out: Transform, plaintext: Buffer[], final: boolean) => {
    const cipher = createCipheriv("aes-256-gcm", key, chunkNonce(noncePrefix, index++, final));
    cipher.setAAD(header);
    for (const slice of cipherSlices(plaintext)) out.push(cipher.update(slice));
    cipher.final(); // GCM returns nothing more here
    out.push(cipher.getAuthTag());
  };
  return new Transform({
    readableObjectMode: true,
    construct(callback) {
      this.push(header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      while (pending.length > CHUNK_SIZE) seal(this, pending.take(CHUNK_SIZE), false);
      callback();
    },
    flush(callback) {
      seal(this, pending.take(pending.length), true);
      callback();
    },
  });
}
