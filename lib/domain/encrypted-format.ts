/**
 * The layout of an encrypted repository object (docs/decisions/0015-client-side-encryption.md):
 * a 40-byte header, then the plaintext cut into chunks of CHUNK_SIZE bytes (the last one shorter,
 * possibly empty), each sealed with AES-256-GCM and followed by its 16-byte tag. The pure parts
 * live here: the header's bytes, each chunk's nonce, and sizes; lib/crypto does the sealing.
 *
 * Header: magic "WBEN" (4) | version (1) | log2 of the chunk size (1) | reserved, zero (3) |
 * key id (8) | salt (16) | nonce prefix (7).
 */
export const MAGIC = Buffer.from("WBEN", "latin1");
export const FORMAT_VERSION = 1;
export const CHUNK_LOG2 = 20;
export const CHUNK_SIZE = 1 << CHUNK_LOG2; // 1 MiB of plaintext per chunk
export const TAG_SIZE = 16;
export const KEY_ID_SIZE = 8;
export const SALT_SIZE = 16;
export const NONCE_PREFIX_SIZE = 7;
export const HEADER_SIZE = 40;
const RESERVED = 3;

export interface EncryptedHeader {
  keyId: Buffer;
  /** Random per object: the object's key is derived from the data key and this salt. */
  salt: Buffer;
  /** Random per object: the first bytes of every chunk's nonce. */
  noncePrefix: Buffer;
}

/** Something is wrong with the bytes of an encrypted object (not Wayback's format, altered, cut short). */
export class EncryptedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptedFormatError";
  }
}

/** Whether `head` (an object's first bytes) is the start of Wayback's encrypted format. */
export function isEncryptedObject(head: Buffer): boolean {
  return head.subarray(0, MAGIC.length).equals(MAGIC);
}

export function formatHeader(h: EncryptedHeader): Buffer {
  if (h.keyId.length !== KEY_ID_SIZE || h.salt.length !== SALT_SIZE || h.noncePrefix.length !== NONCE_PREFIX_SIZE) {
    throw new Error("An encrypted header needs an 8-byte key id, a 16-byte salt and a 7-byte nonce prefix.");
  }
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, CHUNK_LOG2]), Buffer.alloc(RESERVED), h.keyId, h.salt, h.noncePrefix]);
}

export function parseHeader(bytes: Buffer): EncryptedHeader {
  if (bytes.length < HEADER_SIZE) throw new EncryptedFormatError(`the object is ${bytes.length} bytes, shorter than the encryption header`);
  if (!bytes.subarray(0, 4).equals(MAGIC)) throw new EncryptedFormatError("the object is not encrypted by Wayback (no WBEN header)");
  if (bytes[4] !== FORMAT_VERSION)
    throw new EncryptedFormatError(`the object uses encryption format version ${bytes[4]}, this Wayback reads 1`);
  if (bytes[5] !== CHUNK_LOG2)
    throw new EncryptedFormatError(`the object's chunk size is 2^${bytes[5]} bytes, this Wayback reads 2^${CHUNK_LOG2}`);
  if (bytes.subarray(6, 6 + RESERVED).some((b) => b !== 0))
    throw new EncryptedFormatError("the encryption header's reserved bytes are not zero");
  let at = 6 + RESERVED;
  const take = (n: number) => Buffer.from(bytes.subarray(at, (at += n)));
  return { keyId: take(KEY_ID_SIZE), salt: take(SALT_SIZE), noncePrefix: take(NONCE_PREFIX_SIZE) };
}

/**
 * Chunk `index`'s 12-byte GCM nonce: prefix (7) | index, big-endian (4) | 1 on the final chunk, else 0.
 * The index places each chunk (so reordering, dropping or duplicating one fails its tag) and the
 * flag marks the end (so a stream cut at a chunk boundary fails: its last chunk was not sealed final).
 */
export function chunkNonce(noncePrefix: Buffer, index: number, final: boolean): Buffer {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new EncryptedFormatError(`chunk index ${index} is out of range`);
  const nonce = Buffer.alloc(12);
  noncePrefix.copy(nonce, 0, 0, NONCE_PREFIX_SIZE);
  nonce.writeUInt32BE(index, NONCE_PREFIX_SIZE);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

/** Bytes stored for `plaintextSize` bytes of plaintext: header, and a tag per chunk (at least one, the final). */
export function encryptedSize(plaintextSize: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextSize / CHUNK_SIZE));
  return HEADER_SIZE + plaintextSize + chunks * TAG_SIZE;
}

/** The plaintext size of an object of `stored` bytes, or null when no plaintext has that encrypted size. */
export function plaintextSize(stored: number): number | null {
  const body = stored - HEADER_SIZE;
  if (body < TAG_SIZE) return null;
  const chunks = Math.ceil(body / (CHUNK_SIZE + TAG_SIZE));
  const size = body - chunks * TAG_SIZE;
  return size >= 0 && encryptedSize(size) === stored ? size : null;
}
