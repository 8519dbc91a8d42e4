import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { Backup, BackupFile, Repository } from "@/lib/db/generated/client";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import type { InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import type { BackupToRecover } from "@/lib/restores/recover-copy";

/** How the copy's PostgreSQL runs on this host: the binaries and the OS user of its server. */
export type CopyInstance = Pick<InstanceSpec, "bins" | "osUser">;

/**
 * The start every job that recovers a copy shares (a restore, a drill): the server's OS user
 * resolved, the job's phase "prepare", and the login to production (the source the copy is checked
 * against). What each does with them (a predecessor's copy removed, a place chosen, its row marked
 * running) follows in its own begin-*.
 */
export async function beginCopyRun(
  db: Db,
  opts: {
    clusterId: string;
    config: Config;
    bins: PgBinaries;
    progress: (p: { phase: string }) => Promise<void>;
  },
): Promise<{ instance: CopyInstance; source: ConnectionTarget }> {
  const instance = { bins: opts.bins, osUser: await resolveServerUser(opts.config.pg.osUser) };
  await opts.progress({ phase: "prepare" });
  return { instance, source: await connectionTarget(db, opts.clusterId, opts.config.secretKey) };
}

/**
 * The backup as recovery reads it from `repository`: its own repository, or a copy repository of
 * the cluster chosen at request time (restore_command then reads that copy too).
 */
export function backupIn(backup: Backup & { files: BackupFile[]; repository: Repository }, repository: Repository | null): BackupToRecover {
  return repository && repository.id !== backup.repositoryId ? { ...backup, repository, copyRepositoryId: repository.id } : backup;
}
