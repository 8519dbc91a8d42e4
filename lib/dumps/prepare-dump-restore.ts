import type { Db } from "@/lib/db/client";
import type { Dump, DumpCopy, DumpFile, DumpRestore, Repository as RepositoryRow } from "@/lib/db/generated/client";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
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
    include: {
      dump: { include: { repository: true, files: true, copies: { where: { status: "complete" }, include: { repository: true } } } },
    },
  });
  const osUser = await resolveServerUser(opts.osUserName);
  const swept = await sweepStaleDumpRestores(db, { exceptJobId: opts.jobId, instance: { bins: opts.bins, osUser } });
  if (swept) await opts.log(`marked ${swept} interrupted dump restore(s) failed`);
  await restartDumpRestoreRecord(db, row.id);
  const prefix = dumpPrefix(row.dump.clusterId, row.dump.id);
  const repo = await readableCopy(row.dump, { prefix, storage: opts.storage, log: opts.log });
  return { row, repo, prefix, osUser };
}

/**
 * Where the dump is read from: the repository it lives in while its manifest is there, else the
 * first copy repository holding a complete copy (the home lost it: a deleted directory, a bucket
 * gone). With none, the home, whose missing files the restore then names.
 */
async function readableCopy(
  dump: Dump & { repository: RepositoryRow; copies: (DumpCopy & { repository: RepositoryRow })[] },
  opts: { prefix: string; storage: StorageAccess; log: JobLog },
): Promise<Repository> {
  const manifest = `${opts.prefix}${WAYBACK_MANIFEST}`;
  const holds = async (repo: Repository, name: string) => {
    try {
      return (await repo.stat(manifest)) !== null;
    } catch (err) {
      await opts.log(`${name} cannot be read: ${(err as Error).message}`);
      return false;
    }
  };
  const home = openRepository(dump.repository, opts.storage);
  if (dump.copies.length === 0 || (await holds(home, dump.repository.name))) return home;
  for (const copy of dump.copies) {
    const repo = openRepository(copy.repository, opts.storage);
    if (await holds(repo, copy.repository.name)) {
      await opts.log(`the dump is not in ${dump.repository.name}: reading its copy in ${copy.repository.name}`);
      return repo;
    }
  }
  return home;
}
