import type { DbClient } from "@/lib/db/client";
import type { WalMode } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";

/**
 * `wayback wal-push` runs on the database host and holds no repository key: a cluster archiving
 * with archive_command would put plaintext WAL into an encrypted repository, so that pairing is
 * refused (docs/decisions/0015). Streaming archiving writes through the worker, which encrypts.
 */
export async function assertArchivingFits(db: DbClient, repositoryId: string | null | undefined, walMode: WalMode): Promise<void> {
  if (walMode !== "archive_command" || !repositoryId) return;
  const repo = await db.repository.findUnique({ where: { id: repositoryId }, select: { name: true, encrypted: true } });
  if (!repo?.encrypted) return;
  throw new AppError("validation_failed", `Repository "${repo.name}" is encrypted, and archive_command cannot write to it.`, {
    walMode: [`wayback wal-push on the database host cannot encrypt: choose streaming archiving, or a repository that is not encrypted.`],
  });
}
