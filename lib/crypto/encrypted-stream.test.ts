import { randomBytes } from "node:crypto";
import { Readable, type Transform } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { decryptStream, WrongKeyError } from "@/lib/crypto/decrypt-stream";
import { encryptStream } from "@/lib/crypto/encrypt-stream";
import { CHUNK_SIZE, EncryptedFormatError, HEADER_SIZE, TAG_SIZE, encryptedSize } from "@/lib/domain/encrypted-format";

const key = randomBytes(32);
const SEALED = CHUNK_SIZE + TAG_SIZE;

async function run(stream: Transform, input: Buffer, pieceSize = 64 * 1024): Promise<Buffer> {
  const pieces = Array.from({ length: Math.ceil(input.length / pieceSize) }, (_, i) => input.subarray(i * pieceSize, (i + 1) * pieceSize));
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const b of source) out.push(b);
  });
  return Buffer.concat(out);
}
const encrypt = (plain: Buffer) => run(encryptStream(key), plain);
const decrypt = (sealed: Buffer, dataKey = key) => run(decryptStream(dataKey), sealed);

/** The sealed chunks of an object: [header, chunk 0, chunk 1, …]. */
function split(sealed: Buffer): Buffer[] {
  const parts = [sealed.subarray(0, HEADER_SIZE)];
  for (let at = HEADER_SIZE; at < sealed.length; at += SEALED) parts.push(sealed.subarray(at, at + SEALED));
  return parts;
}

describe("chunked encryption", () => {
  const plain = randomBytes(2 * CHUNK_SIZE + 12345); // three chunks, the last one short

  it("round-trips at every size around chunk boundaries, whatever the input piece size", async () => {
    for (const n of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE]) {
      const p = plain.subarray(0, n);
      const sealed = await run(encryptStream(key), p, 7919);
      expect(sealed.length).toBe(encryptedSize(n));
      expect((await run(decryptStream(key), sealed, 4096)).equals(p)).toBe(true);
    }
  });

  it("never holds the plaintext and differs each time (fresh salt and nonces)", async () => {
    const marker = Buffer.from("marker-4f1c-plaintext ".repeat(5000));
    const [a, b] = [await encrypt(marker), await encrypt(marker)];
    expect(a.includes(Buffer.from("marker-4f1c"))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it("detects a flipped bit in a chunk, in a tag and in the header", async () => {
    const sealed = await encrypt(plain);
    for (const at of [HEADER_SIZE + 10, HEADER_SIZE + SEALED - 1, sealed.length - 1, 20]) {
      const bad = Buffer.from(sealed);
      bad[at]! ^= 1;
      await expect(decrypt(bad)).rejects.toThrow(EncryptedFormatError);
    }
  });

  it("detects truncation: inside a chunk, at a chunk boundary, and the final chunk missing", async () => {
    const sealed = await encrypt(plain);
    await expect(decrypt(sealed.subarray(0, sealed.length - 1))).rejects.toThrow(/chunk 2 does not authenticate/);
    await expect(decrypt(sealed.subarray(0, HEADER_SIZE + 2 * SEALED))).rejects.toThrow(/chunk 1 does not authenticate as the final chunk/);
    await expect(decrypt(sealed.subarray(0, HEADER_SIZE))).rejects.toThrow(/truncated/);
    await expect(decrypt(sealed.subarray(0, 10))).rejects.toThrow(/shorter than the encryption header/);
  });

  it("detects reordered, dropped, duplicated and appended chunks", async () => {
    const [h, c0, c1, c2] = split(await encrypt(plain));
    const cases = {
      reordered: [h, c1, c0, c2],
      dropped: [h, c0, c2],
      duplicated: [h, c0, c0, c1, c2],
      appended: [h, c0, c1, c2, c2],
    };
    for (const parts of Object.values(cases)) await expect(decrypt(Buffer.concat(parts as Buffer[]))).rejects.toThrow(EncryptedFormatError);
  });

  it("detects a chunk spliced in from another object under the same key", async () => {
    const [h, c0, c1, c2] = split(await encrypt(plain));
    const other = split(await encrypt(plain));
    await expect(decrypt(Buffer.concat([h!, c0!, other[2]!, c2!]))).rejects.toThrow(EncryptedFormatError);
    await expect(decrypt(Buffer.concat([other[0]!, c0!, c1!, c2!]))).rejects.toThrow(EncryptedFormatError);
  });

  it("names a wrong key as such, not as damage", async () => {
    const sealed = await encrypt(plain);
    await expect(decrypt(sealed, randomBytes(32))).rejects.toThrow(WrongKeyError);
  });

  it("passes nothing on from a chunk whose tag fails", async () => {
    const sealed = await encrypt(plain.subarray(0, 1000));
    sealed[HEADER_SIZE]! ^= 1;
    const stream = Readable.from([sealed]).pipe(decryptStream(key));
    await expect(buffer(stream)).rejects.toThrow(EncryptedFormatError);
  });
});
