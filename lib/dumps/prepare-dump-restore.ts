import type { Db } from "@/lib/db/client";
import type { Dump, DumpFile, DumpRestore, Repository as RepositoryRow } from "@/lib/db/generated/client";
import { restartDumpRestoreRecord } from "@/lib/dumps/dump-restore-record";
import { sweepStaleDumpRestores } from "@/lib/dumps/sweep-stale-dump-restores";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { resolveServerUser, type OsUser } from "@/lib/pg/os-user";
import { dumpPrefix } from "@/lib/storage/layout";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";

/** A dump restore about to run: its row (as requested) with the dump, where the dump's files are, and who runs servers here. */
export interface PreparedDumpRestore {
  row: DumpRestore & { dump: Dump & { repository: RepositoryRow; files: DumpFile[] } };
  repo: Repository;
  prefix: string;
  /** The OS user new instances run as (undefined: this process's own). */
  osUser: OsUser | undefined;
}

/**
 * Before the phases of a dump restore: the restore its job was queued for, restores left running
 * by a dead worker failed (and their new instances removed), and a retried job's row started over.
 */
export async function prepareDumpRestore(
  db: Db,
  opts: { dumpRestoreId: string; jobId: string; bins: PgBinaries; osUserName: string; storage: StorageAccess; log: JobLog },
): Promise<PreparedDumpRestore> {
  const row = await db.dumpRestore.findUniqueOrThrow({
    where: { id: opts.dumpRestoreId },
    include: { dump: { include: { repository: true, files: true } } },
  });
  const osUser = await resolveServerUser(opts.osUserName);
  const swept = await sweepStaleDumpRestores(db, { exceptJobId: opts.jobId, instance: { bins: opts.bins, osUser } });
  if (swept) await opts.log(`marked ${swept} interrupted dump restore(s) failed`);
  await restartDumpRestoreRecord(db, row.id);
  return { row, repo: openRepository(row.dump.repository, opts.storage), prefix: dumpPrefix(row.dump.clusterId, row.dump.id), osUser };
}
