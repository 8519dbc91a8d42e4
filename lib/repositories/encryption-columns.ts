import { newDataKey, wrapDataKey } from "@/lib/crypto/data-key";

/**
 * The encryption columns of a new repository row: a fresh random data key, stored only wrapped by
 * the installation's secret key and bound to the row's id, or none. Chosen once: the catalog
 * refuses to change `encrypted` later (migration 20261202090100_encrypt_repositories).
 */
export function encryptionColumns(encrypt: boolean, repositoryId: string, secretKey: Buffer) {
  if (!encrypt) return { encrypted: false, dataKeyWrapped: null };
  return { encrypted: true, dataKeyWrapped: wrapDataKey(newDataKey(), secretKey, repositoryId) };
}
