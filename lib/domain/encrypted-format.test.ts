import { describe, expect, it } from "vitest";
import {
  CHUNK_SIZE,
  EncryptedFormatError,
  HEADER_SIZE,
  TAG_SIZE,
  chunkNonce,
  encryptedSize,
  formatHeader,
  parseHeader,
  plaintextSize,
} from "./encrypted-format";

const header = { keyId: Buffer.alloc(8, 1), salt: Buffer.alloc(16, 2), noncePrefix: Buffer.alloc(7, 3) };

describe("encrypted object header", () => {
  it("round-trips and is 40 bytes", () => {
    const bytes = formatHeader(header);
    expect(bytes.length).toBe(HEADER_SIZE);
    expect(parseHeader(bytes)).toEqual(header);
  });

  it("refuses what is not Wayback's format, another version or chunk size, non-zero reserved bytes, a short header", () => {
    const bytes = formatHeader(header);
    const altered = (at: number, value: number) => Buffer.from(bytes).fill(value, at, at + 1);
    expect(() => parseHeader(altered(0, 0x41))).toThrow(/not encrypted by Wayback/);
    expect(() => parseHeader(altered(4, 2))).toThrow(/format version 2/);
    expect(() => parseHeader(altered(5, 16))).toThrow(/chunk size is 2\^16/);
    expect(() => parseHeader(altered(7, 1))).toThrow(/reserved bytes/);
    expect(() => parseHeader(bytes.subarray(0, 39))).toThrow(EncryptedFormatError);
  });
});

describe("chunkNonce", () => {
  it("is prefix, big-endian index and the final flag", () => {
    const prefix = Buffer.from("abcdefg");
    expect(chunkNonce(prefix, 0x01020304, false).toString("hex")).toBe(`${prefix.toString("hex")}0102030400`);
    expect(chunkNonce(prefix, 0, true).toString("hex")).toBe(`${prefix.toString("hex")}0000000001`);
  });

  it("differs for every index and for final versus not", () => {
    const prefix = Buffer.alloc(7);
    const seen = new Set([0, 1, 2, 255, 256].flatMap((i) => [true, false].map((f) => chunkNonce(prefix, i, f).toString("hex"))));
    expect(seen.size).toBe(10);
  });

  it("refuses indexes outside 32 bits", () => {
    expect(() => chunkNonce(Buffer.alloc(7), 2 ** 32, false)).toThrow(/out of range/);
    expect(() => chunkNonce(Buffer.alloc(7), -1, false)).toThrow(/out of range/);
  });
});

describe("sizes", () => {
  it("an empty plaintext still has a final chunk", () => {
    expect(encryptedSize(0)).toBe(HEADER_SIZE + TAG_SIZE);
  });

  it("a tag per chunk, no empty chunk after an exact multiple", () => {
    expect(encryptedSize(CHUNK_SIZE)).toBe(HEADER_SIZE + CHUNK_SIZE + TAG_SIZE);
    expect(encryptedSize(CHUNK_SIZE + 1)).toBe(HEADER_SIZE + CHUNK_SIZE + 1 + 2 * TAG_SIZE);
  });

  it("plaintextSize inverts encryptedSize", () => {
    for (const n of [0, 1, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 16 * CHUNK_SIZE, 16 * CHUNK_SIZE + 7]) {
      expect(plaintextSize(encryptedSize(n))).toBe(n);
    }
  });

  it("plaintextSize is null for sizes no plaintext encrypts to", () => {
    expect(plaintextSize(HEADER_SIZE + TAG_SIZE - 1)).toBeNull();
    expect(plaintextSize(0)).toBeNull();
    expect(plaintextSize(HEADER_SIZE + CHUNK_SIZE + TAG_SIZE + 5)).toBeNull();
  });
});
