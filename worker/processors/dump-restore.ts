import path from "node:path";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { dumpFileName } from "@/lib/domain/dump-args";
import { restoreListFile, selectEntries, type RestoreSelection } from "@/lib/domain/dump-toc";
import type { DumpToc } from "@/lib/dumps/dump-record";
import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";
import { failDumpRestoreRecord, finishDumpRestoreRecord, recordDumpRestoreDiscarded, recordRestoreDatabase, restartDumpRestoreRecord } from "@/lib/dumps/dump-restore-record";
import type { DumpRestoreInstance } from "@/lib/dumps/make-dump-restore-instance";
import { setUpDumpRestoreInstance } from "@/lib/dumps/set-up-dump-restore-instance";
import { sweepStaleDumpRestores } from "@/lib/dumps/sweep-stale-dump-restores";
import { checkDumpFiles } from "@/lib/dumps/verify-dump";
import { appendJobLog } from "@/lib/jobs/job-log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { resolveServerUser } from "@/lib/pg/os-user";
import { prepareRestoreDatabase } from "@/lib/pg/pg-restore-database";
import { runPgRestore, runPsqlScript } from "@/lib/pg/pg-restore";
import { dumpPrefix } from "@/lib/repositories/layout";
import { openRepository } from "@/lib/repositories/open-repository";
import { UnrecoverableError } from "bullmq";
import type { Processor } from "@/worker/processor";

/**
 * A dump restored into a database of a registered cluster or of a new local instance, in phases:
 *  1. check — the dump's files against their checksums: a damaged dump restores nothing;
 *  2. instance (new instance only) — initdb and start of the dump's major on this host, then
 *     globals.sql with psql (roles; its errors are reported with the restore's), and the source's
 *     login with the password Wayback holds for it;
 *  3. database — CREATE DATABASE (an existing one only when the user confirmed "clean");
 *  4. restore — pg_restore (whole, or the chosen entries of the table of contents, with -j) or
 *     psql for a plain script; every error the tool printed is kept;
 *  5. record — complete, or failed with those errors.
 * A new instance is removed when the job fails before its tools ran to their end; after that it
 * stays, with what they could restore, until the user discards it.
 */
export const dumpRestore: Processor<"dump.restore"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);
  const row = await db.dumpRestore.findUniqueOrThrow({ where: { id: payload.dumpRestoreId }, include: { dump: { include: { repository: true, files: true } } } });
  const { dump } = row;
  const osUser = await resolveServerUser(deps.config.pg.osUser);
  const swept = await sweepStaleDumpRestores(db, { exceptJobId: payload.jobId, instance: { bins: deps.pgBinaries, osUser } });
  if (swept) await log(`marked ${swept} interrupted dump restore(s) failed`);
  await restartDumpRestoreRecord(db, row.id);
  let instance: DumpRestoreInstance | null = null;
  let ranToEnd = false;

  try {
    // 1. check
    await progress({ phase: "check" });
    const repo = openRepository(dump.repository);
    const prefix = dumpPrefix(dump.clusterId, dump.id);
    const problems = await checkDumpFiles({ repo, prefix, files: dump.files, signal });
    if (problems.length) throw new UnrecoverableError(`The dump is damaged, so nothing was restored: ${problems.join("; ")}`);

    // 2. instance
    let target: ConnectionTarget;
    let globals: RestoreErrors = { count: 0, messages: [] };
    if (row.target === "new_instance") {
      await progress({ phase: "instance" });
      const source = await connectionTarget(db, dump.clusterId, deps.config.secretKey);
      const globalsFile = path.join(repo.localDir(prefix), "globals.sql");
      ({ instance, globals } = await setUpDumpRestoreInstance(db, { dumpRestoreId: row.id, targetDatabase: row.targetDatabase, dump, globalsFile, source, bins: deps.pgBinaries, osUser, restore: deps.config.restore, signal, log }));
      target = instance.superuser;
    } else {
      target = await connectionTarget(db, row.targetClusterId!, deps.config.secretKey);
    }

    // 3. database
    await progress({ phase: "database" });
    const { created, serverMajor } = await prepareRestoreDatabase(target, row.targetDatabase, { overwrite: row.clean, signal });
    await recordRestoreDatabase(db, row.id, created);
    await log(`${created ? "created" : "restoring over existing"} database ${JSON.stringify(row.targetDatabase)}`);

    // 4. restore
    await progress({ phase: "restore" });
    const archive = path.join(repo.localDir(prefix), dumpFileName(dump.format));
    const start = Date.now();
    const into = { bins: deps.pgBinaries, target, database: row.targetDatabase, serverMajor, signal };
    let list: string | undefined;
    if (row.selection) {
      const toc = dump.toc as unknown as DumpToc;
      const entries = selectEntries(toc.entries, toc.relations, row.selection as unknown as RestoreSelection, { createSchemas: created });
      list = restoreListFile(entries);
      await log(`restoring ${entries.length} of ${toc.entries.length} entries of the table of contents`);
    }
    const run =
      dump.format === "plain"
        ? await runPsqlScript({ ...into, script: archive })
        : await runPgRestore({ ...into, archive, jobs: row.jobs, noOwner: row.noOwner, clean: row.clean, ifExists: row.ifExists, list });
    const restoreMs = Date.now() - start;
    const tool = dump.format === "plain" ? "psql" : "pg_restore";
    ranToEnd = true;

    // 5. record
    const errors = { count: globals.count + run.errors.count, messages: [...globals.messages, ...run.errors.messages] };
    await finishDumpRestoreRecord(db, row.id, { ok: run.ok, errors, restoreMs, tool });
    await log(`${tool} finished in ${restoreMs} ms with ${run.errors.count} error(s)`);
    if (errors.count) throw new UnrecoverableError(`${tool} reported ${errors.count} error(s): ${errors.messages[0] ?? ""}`);
  } catch (err) {
    if (instance && !ranToEnd) {
      await instance.undo();
      await recordDumpRestoreDiscarded(db, row.id);
      await log(`removed the new instance in ${instance.spec.dataDir}`);
    }
    const current = await db.dumpRestore.findUniqueOrThrow({ where: { id: row.id } });
    if (current.status === "running") {
      await failDumpRestoreRecord(db, row.id, (err as Error).message);
      await log(`failed: ${(err as Error).message}`);
    }
    throw err;
  }
};
