import { removeExpiringBackup } from "@/lib/backups/expire-backup";
import { repositoryOpener } from "@/lib/retention/repository-opener";
import type { Processor } from "@/worker/processor";

/** The files and row of a backup an admin deleted (lib/backups/delete-backup.ts marked it). */
export const backupDelete: Processor<"backup.delete"> = async ({ payload, deps }) => {
  const { db, config } = deps;
  // 1. Remove its files, then its row and expiry record (the mark and the delete's audit came first).
  await removeExpiringBackup(db, {
    clusterId: payload.clusterId,
    backupId: payload.backupId,
    openRepository: repositoryOpener(db, { storage: config }),
  });
};
