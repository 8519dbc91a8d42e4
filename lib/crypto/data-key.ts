import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { KEY_ID_SIZE } from "@/lib/domain/encrypted-format";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

/**
 * A repository's data key: 32 random bytes made when the repository is created, stored only
 * wrapped by a key-encryption key (the installation's secret key), so re-wrapping it under another
 * key (rotation) never rewrites the data it encrypts.
 */
export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** Names a data key without revealing it: lets a reader tell "wrong key" from "altered data". */
export function keyIdOf(dataKey: Buffer): Buffer {
  return createHmac("sha256", dataKey).update("wayback key id").digest().subarray(0, KEY_ID_SIZE);
}

/** Each object gets its own AES key from the data key and the object's random salt (as Tink's streaming AEAD does), so nonces never repeat under one key. */
export function objectKey(dataKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", dataKey, salt, "wayback object key v1", 32));
}

/** The wrapped form stored on the repository's row; the repository id is authenticated with it, so it cannot be moved to another row. */
export function wrapDataKey(dataKey: Buffer, kek: Buffer, repositoryId: string): string {
  return encryptSecret(dataKey.toString("base64"), kek, dataKeyContext(repositoryId));
}

export function unwrapDataKey(wrapped: string, kek: Buffer, repositoryId: string): Buffer {
  return Buffer.from(decryptSecret(wrapped, kek, dataKeyContext(repositoryId)), "base64");
}

/** The associated data of a wrapped data key: it unwraps on its own repository's row only. */
export const dataKeyContext = (repositoryId: string) => `repository-data-key:${repositoryId}`;
