import type { Db } from "@/lib/db/client";
import type { Repository as RepositoryRow } from "@/lib/db/generated/client";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";

export type OpenRepository = (repositoryId: string) => Promise<Repository>;

/**
 * Opens repositories by id for removing files (a backup may sit in a repository its cluster no
 * longer uses); rows already at hand are not read again.
 */
export function repositoryOpener(db: Db, opts: { storage: StorageAccess; known?: RepositoryRow[] }): OpenRepository {
  const rows = new Map((opts.known ?? []).map((r) => [r.id, r]));
  return async (id) => openRepositoryForWriting(rows.get(id) ?? (await db.repository.findUniqueOrThrow({ where: { id } })), opts.storage);
}
