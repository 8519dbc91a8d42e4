import { unwrapDataKey } from "@/lib/crypto/data-key";
import { passphraseKek } from "@/lib/crypto/passphrase-kek";
import type { Db } from "@/lib/db/client";
import type { PassphraseChangeInput } from "@/lib/domain/repository-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { passphraseColumns } from "@/lib/repositories/encryption-columns";

/**
 * Changes the passphrase of a repository encrypted with one: the same data key is wrapped again
 * under the new passphrase (a fresh salt) and the new passphrase is sealed for jobs. No stored
 * object is rewritten. The current passphrase must be given and must unlock the data key.
 */
export async function changePassphrase(db: Db, opts: { id: string; input: PassphraseChangeInput; secretKey: Buffer }): Promise<void> {
  const { id, input } = opts;
  const row = await db.repository.findUnique({ where: { id } });
  if (!row) throw notFound("The repository");
  if (row.passphraseKdf === null || row.dataKeyWrapped === null) {
    throw new AppError(
      "validation_failed",
      `"${row.name}" has no passphrase: ${row.encrypted ? "the installation's secret key protects its data key" : "it is not encrypted"}.`,
    );
  }
  let dataKey: Buffer;
  try {
    dataKey = unwrapDataKey(row.dataKeyWrapped, await passphraseKek(input.current, row.passphraseKdf), id);
  } catch {
    throw new AppError("validation_failed", `That is not the passphrase of "${row.name}". Nothing was changed.`, {
      current: ["This passphrase does not unlock the repository's key."],
    });
  }
  const columns = await passphraseColumns({ repositoryId: id, passphrase: input.passphrase, secretKey: opts.secretKey, dataKey });
  // Only over the key we unwrapped: a change made meanwhile (another change, a rotation) wins, and this one says so.
  const { count } = await db.repository.updateMany({
    where: { id, passphraseKdf: row.passphraseKdf, dataKeyWrapped: row.dataKeyWrapped },
    data: { dataKeyWrapped: columns.dataKeyWrapped, passphraseKdf: columns.passphraseKdf, passphraseSealed: columns.passphraseSealed },
  });
  if (count === 0) throw new AppError("conflict", `The key of "${row.name}" changed meanwhile: reload and try again. Nothing was changed.`);
}
