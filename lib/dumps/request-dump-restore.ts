import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { DumpRestore } from "@/lib/db/generated/client";
import { tocTables, type TocEntry } from "@/lib/domain/dump-toc";
import { readDumpToc } from "@/lib/domain/dump-toc-column";
import type { RequestDumpRestoreBody } from "@/lib/domain/dump-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { assertNameConfirmed } from "@/lib/domain/confirm-name";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { routeJob } from "@/lib/queue/job-host";
import { pickWorkerHost } from "@/lib/workers/pick-worker-host";
import { lockClusterBackups } from "@/lib/backups/backup-claim";

export const DUMP_RESTORE_JOB = "dump.restore";

/**
 * Records a restore of a complete dump, and its job: into a database of a registered cluster, or
 * of a new local instance the worker makes (the job then belongs to the dump's own cluster).
 * Restoring over an existing database (clean) needs its name typed again; whether the database
 * exists is decided by the server itself when the job runs (CREATE DATABASE fails if it does).
 * Chosen schemas and tables must be in the dump's table of contents.
 */
export async function requestDumpRestore(
  db: Db,
  queue: Queue,
  opts: { dumpId: string; input: RequestDumpRestoreBody; userId: string | null },
): Promise<DumpRestore> {
  const { input } = opts;
  const dump = await db.dump.findUnique({ where: { id: opts.dumpId } });
  if (!dump || dump.removingAt) throw notFound("The dump");
  if (dump.status !== "complete") throw new AppError("not_ready", "Only a complete dump can be restored.");
  const newInstance = input.target.kind === "new_instance";
  const target = newInstance ? null : await db.cluster.findUnique({ where: { id: input.targetClusterId } });
  if (!newInstance && !target)
    throw new AppError("validation_failed", "The target cluster was not found.", { targetClusterId: ["No such cluster."] });
  if (input.clean)
    assertNameConfirmed({ typed: input.confirmDatabase, name: input.targetDatabase, what: "database", field: "confirmDatabase" });
  if (dump.format === "plain") {
    const fields: Record<string, string[]> = {};
    if (input.selection)
      fields.selection = ["A plain SQL dump is restored whole (psql runs the script); choose tables from a custom or directory dump."];
    if (input.jobs > 1) fields.jobs = ["A plain SQL dump is restored by one psql session."];
    if (input.clean) fields.clean = ["A plain SQL dump cannot drop objects first; restore it into a new database."];
    if (Object.keys(fields).length) throw new AppError("validation_failed", "Some fields need fixing.", fields);
  }
  if (input.selection) assertInToc(readDumpToc(dump)?.entries ?? [], input.selection);

  // A new instance lives on one worker host (its discard runs there too); the dump is read from its repository.
  const repositoryIds = [dump.repositoryId];
  const bound = await routeJob(db, DUMP_RESTORE_JOB, dump.clusterId, { repositoryIds });
  const localHost = newInstance ? await pickWorkerHost(db, { queuePrefix: queue.opts.prefix ?? "", bound }) : null;
  return db
    .$transaction(async (tx) => {
      // Under the lock retention takes to expire a dump: it is either still whole, or refused here.
      await lockClusterBackups(tx, dump.clusterId);
      const current = await tx.dump.findUnique({ where: { id: dump.id }, select: { removingAt: true } });
      if (!current || current.removingAt) throw notFound("The dump");
      const job = await recordJob(tx, DUMP_RESTORE_JOB, { clusterId: target?.id ?? dump.clusterId, route: { repositoryIds, localHost } });
      const restore = await tx.dumpRestore.create({
        data: {
          dumpId: dump.id,
          jobId: job.id,
          requestedById: opts.userId,
          target: input.target.kind,
          targetClusterId: target?.id ?? null,
          targetDatabase: input.targetDatabase,
          selection: input.selection,
          jobs: input.jobs,
          noOwner: input.noOwner,
          clean: input.clean,
          ifExists: input.ifExists,
        },
      });
      return { job, restore };
    })
    .then(async ({ job, restore }) => {
      await dispatchJob(db, queue, job, { dumpRestoreId: restore.id });
      return restore;
    });
}

function assertInToc(entries: TocEntry[], selection: NonNullable<RequestDumpRestoreBody["selection"]>): void {
  const tables = new Set(tocTables(entries).map((t) => JSON.stringify([t.schema, t.name])));
  const schemas = new Set(entries.flatMap((e) => (e.schema === null ? [] : [e.schema])));
  const missing = [
    ...selection.schemas.filter((s) => !schemas.has(s)).map((s) => `schema ${s}`),
    ...selection.tables.filter((t) => !tables.has(JSON.stringify([t.schema, t.name]))).map((t) => `table ${t.schema}.${t.name}`),
  ];
  if (missing.length)
    throw new AppError("validation_failed", `Not in this dump: ${missing.join(", ")}.`, {
      selection: missing.map((m) => `${m} is not in this dump.`),
    });
}
