import { newDataKey, wrapDataKey } from "@/lib/crypto/data-key";
import { newPassphraseKdf, passphraseContext, passphraseKek } from "@/lib/crypto/passphrase-kek";
import { encryptSecret } from "@/lib/crypto/secret-box";

/**
 * The encryption columns of a new repository row: a fresh random data key, stored only wrapped by
 * the installation's secret key and bound to the row's id, or none. Chosen once: the catalog
 * refuses to change `encrypted` later (migration 20261202090100_encrypt_repositories).
 */
export function encryptionColumns(encrypt: boolean, repositoryId: string, secretKey: Buffer) {
  if (!encrypt) return { encrypted: false, dataKeyWrapped: null };
  return { encrypted: true, dataKeyWrapped: wrapDataKey(newDataKey(), secretKey, repositoryId) };
}

/**
 * With a passphrase: the data key (a fresh one, or the repository's own when the passphrase
 * changes) wrapped by scrypt(passphrase) under a fresh salt, and the passphrase sealed by the
 * installation's secret key so that the worker can derive the same key unattended.
 */
export async function passphraseColumns(opts: { repositoryId: string; passphrase: string; secretKey: Buffer; dataKey?: Buffer }) {
  const passphraseKdf = newPassphraseKdf();
  const kek = await passphraseKek(opts.passphrase, passphraseKdf);
  return {
    encrypted: true,
    dataKeyWrapped: wrapDataKey(opts.dataKey ?? newDataKey(), kek, opts.repositoryId),
    passphraseKdf,
    passphraseSealed: encryptSecret(opts.passphrase, opts.secretKey, passphraseContext(opts.repositoryId)),
  };
}
