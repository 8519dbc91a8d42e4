import type { Db } from "@/lib/db/client";
import type { Dump, Repository as RepositoryRow } from "@/lib/db/generated/client";
import { restartDumpRecord } from "@/lib/dumps/dump-record";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import { sweepStaleDumps } from "@/lib/dumps/sweep-stale-dumps";
import type { JobLog } from "@/lib/jobs/job-log";
import { dumpPrefix } from "@/lib/storage/layout";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";

/** A dump about to be written: its row (as requested), its repository and where its files go there. */
export interface PreparedDump {
  row: Dump & { repository: RepositoryRow };
  repo: Repository;
  prefix: string;
}

/**
 * Phase 1 of a dump: the dump its job was queued for, its repository opened for writing, and a
 * clean start. Leftovers of interrupted dumps of the cluster are failed and removed, and a retried
 * job (its worker died) starts its own row and files over.
 */
export async function prepareDump(db: Db, opts: { jobId: string; storage: StorageAccess; log: JobLog }): Promise<PreparedDump> {
  const row = await db.dump.findUniqueOrThrow({ where: { jobId: opts.jobId }, include: { repository: true } });
  const swept = await sweepStaleDumps(db, { clusterId: row.clusterId, exceptJobId: opts.jobId, storage: opts.storage });
  if (swept) await opts.log(`removed ${swept} interrupted dump(s) of this cluster`);
  const repo = openRepositoryForWriting(row.repository, opts.storage);
  // A retried job reuses its row: whatever its dead predecessor wrote goes first.
  await restartDumpRecord(db, row.id);
  await removeDumpFiles(repo, row);
  return { row, repo, prefix: dumpPrefix(row.clusterId, row.id) };
}
