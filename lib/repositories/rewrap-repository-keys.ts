import type { Db } from "@/lib/db/client";
import { unwrapDataKey, wrapDataKey } from "@/lib/crypto/data-key";

/**
 * Key rotation: re-wraps the data key of every encrypted repository from the previous secret key to
 * the new one, in one transaction, without touching a stored object (the data keys do not change).
 * A key that the previous secret does not unwrap stops the whole rotation, naming the repository,
 * so no installation ends up with keys under two different secrets.
 */
export async function rewrapRepositoryKeys(db: Db, opts: { previousKey: Buffer; secretKey: Buffer }): Promise<{ rewrapped: string[] }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.repository.findMany({ where: { encrypted: true }, select: { id: true, name: true, dataKeyWrapped: true } });
    const rewrapped: string[] = [];
    for (const row of rows) {
      let dataKey: Buffer;
      try {
        dataKey = unwrapDataKey(row.dataKeyWrapped!, opts.previousKey, row.id);
      } catch (err) {
        throw new Error(
          `Cannot re-key repository "${row.name}": the previous secret key does not unwrap its data key. Nothing was changed.`,
          { cause: err },
        );
      }
      await tx.repository.update({ where: { id: row.id }, data: { dataKeyWrapped: wrapDataKey(dataKey, opts.secretKey, row.id) } });
      rewrapped.push(row.name);
    }
    return { rewrapped };
  });
}
