import { openRepositoryForWriting } from "@/lib/storage/open-repository";
import { removeExpiringBackup } from "@/lib/backups/expire-backup";
import type { Processor } from "@/worker/processor";

/** The files and row of a backup an admin deleted (lib/backups/delete-backup.ts marked it). */
export const backupDelete: Processor<"backup.delete"> = async ({ payload, deps }) => {
  const { db, config } = deps;
  await removeExpiringBackup(db, {
    clusterId: payload.clusterId,
    backupId: payload.backupId,
    openRepository: async (id) => openRepositoryForWriting(await db.repository.findUniqueOrThrow({ where: { id } }), config.repoRoots),
  });
};
