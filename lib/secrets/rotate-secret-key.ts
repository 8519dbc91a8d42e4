import { passwordContext } from "@/lib/clusters/create-cluster";
import { dataKeyContext } from "@/lib/crypto/data-key";
import { passphraseContext } from "@/lib/crypto/passphrase-kek";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import type { Db, DbClient } from "@/lib/db/client";
import { channelSecretContext } from "@/lib/notify/channels";
import { s3SecretContext } from "@/lib/storage/open-repository";

/** One kind of value sealed with the installation's secret key: its rows, and how to store a value again. */
interface Sealed {
  what: string;
  rows: (tx: DbClient) => Promise<{ id: string; name: string; sealed: string | null }[]>;
  context: (id: string) => string;
  save: (tx: DbClient, id: string, sealed: string) => Promise<unknown>;
}

const SEALED: Sealed[] = [
  {
    what: "cluster password",
    rows: (tx) =>
      tx.cluster
        .findMany({ where: { passwordEncrypted: { not: null } }, select: { id: true, name: true, passwordEncrypted: true } })
        .then((rs) => rs.map((r) => ({ id: r.id, name: r.name, sealed: r.passwordEncrypted }))),
    context: passwordContext,
    save: (tx, id, sealed) => tx.cluster.update({ where: { id }, data: { passwordEncrypted: sealed } }),
  },
  {
    what: "notification channel secret",
    rows: (tx) =>
      tx.notificationChannel
        .findMany({ where: { secretEncrypted: { not: null } }, select: { id: true, name: true, secretEncrypted: true } })
        .then((rs) => rs.map((r) => ({ id: r.id, name: r.name, sealed: r.secretEncrypted }))),
    context: channelSecretContext,
    save: (tx, id, sealed) => tx.notificationChannel.update({ where: { id }, data: { secretEncrypted: sealed } }),
  },
  {
    what: "S3 secret access key",
    rows: (tx) =>
      tx.repository
        .findMany({ where: { s3SecretKeyEncrypted: { not: null } }, select: { id: true, name: true, s3SecretKeyEncrypted: true } })
        .then((rs) => rs.map((r) => ({ id: r.id, name: r.name, sealed: r.s3SecretKeyEncrypted }))),
    context: s3SecretContext,
    save: (tx, id, sealed) => tx.repository.update({ where: { id }, data: { s3SecretKeyEncrypted: sealed } }),
  },
  {
    // Re-wrapping a data key never rewrites the data it encrypts (docs/decisions/0015). A
    // passphrase wraps its repository's data key instead: that passphrase is sealed (below).
    what: "repository data key",
    rows: (tx) =>
      tx.repository
        .findMany({
          where: { dataKeyWrapped: { not: null }, passphraseKdf: null },
          select: { id: true, name: true, dataKeyWrapped: true },
        })
        .then((rs) => rs.map((r) => ({ id: r.id, name: r.name, sealed: r.dataKeyWrapped }))),
    context: dataKeyContext,
    save: (tx, id, sealed) => tx.repository.update({ where: { id }, data: { dataKeyWrapped: sealed } }),
  },
  {
    what: "repository passphrase",
    rows: (tx) =>
      tx.repository
        .findMany({ where: { passphraseSealed: { not: null } }, select: { id: true, name: true, passphraseSealed: true } })
        .then((rs) => rs.map((r) => ({ id: r.id, name: r.name, sealed: r.passphraseSealed }))),
    context: passphraseContext,
    save: (tx, id, sealed) => tx.repository.update({ where: { id }, data: { passphraseSealed: sealed } }),
  },
];

/**
 * Rotates the installation's secret key: every value sealed with the previous key (cluster
 * passwords, notification secrets, S3 secret keys, repository data keys and passphrases) is sealed again with the
 * new one, in one transaction. A value the previous key does not open stops the rotation naming
 * it, and nothing changes: an installation never ends up with values under two keys.
 */
export async function rotateSecretKey(db: Db, opts: { previousKey: Buffer; secretKey: Buffer }): Promise<Record<string, number>> {
  return db.$transaction(async (tx) => {
    const counts: Record<string, number> = {};
    for (const kind of SEALED) {
      const rows = await kind.rows(tx);
      for (const row of rows) {
        let plain: string;
        try {
          plain = decryptSecret(row.sealed!, opts.previousKey, kind.context(row.id));
        } catch (err) {
          throw new Error(
            `Cannot rotate the secret key: the previous key does not open the ${kind.what} of "${row.name}". Nothing was changed.`,
            {
              cause: err,
            },
          );
        }
        await kind.save(tx, row.id, encryptSecret(plain, opts.secretKey, kind.context(row.id)));
      }
      counts[kind.what] = rows.length;
    }
    return counts;
  });
}
