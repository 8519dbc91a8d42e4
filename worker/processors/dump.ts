import { UnrecoverableError } from "bullmq";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { parseTocList, summarizeToc } from "@/lib/domain/dump-toc";
import { completeDumpRecord, failDumpRecord, recordDumpProgress, restartDumpRecord } from "@/lib/dumps/dump-record";
import { sweepStaleDumps } from "@/lib/dumps/sweep-stale-dumps";
import { verifyDump } from "@/lib/dumps/verify-dump";
import { dumpStaging, writeDump } from "@/lib/dumps/write-dump";
import { appendJobLog } from "@/lib/jobs/job-log";
import { inspectDumpSource } from "@/lib/pg/dump-source";
import { dumpPrefix } from "@/lib/repositories/layout";
import { openRepositoryForWriting } from "@/lib/repositories/open-repository";
import type { Processor } from "@/worker/processor";

/**
 * A logical dump of one database, in phases:
 *  1. prepare — the dump as requested, its repository, the database (version, size, and what
 *     hangs off each table); leftovers of interrupted dumps of this cluster are failed and removed;
 *  2. dump — pg_dumpall --globals-only and pg_dump into the repository, progress (tables dumped,
 *     bytes written) into the catalog;
 *  3. verify — pg_restore reads the archive whole (a plain script must end as pg_dump ends it);
 *  4. store — Wayback's manifest (every file's size and SHA-256) written last;
 *  5. record — the catalog row turns complete, with the table of contents.
 * Any failure removes what was written and leaves the row failed with the reason.
 */
export const dump: Processor<"dump"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);

  // 1. prepare
  await progress({ phase: "prepare" });
  const row = await db.dump.findUniqueOrThrow({ where: { jobId: payload.jobId }, include: { repository: true } });
  const swept = await sweepStaleDumps(db, { clusterId: row.clusterId, exceptJobId: payload.jobId });
  if (swept) await log(`removed ${swept} interrupted dump(s) of this cluster`);
  const repo = openRepositoryForWriting(row.repository, deps.config.repoRoots);
  const prefix = dumpPrefix(row.clusterId, row.id);
  // A retried job reuses its row: whatever its dead predecessor wrote goes first.
  await restartDumpRecord(db, row.id);
  await repo.discardStaging(dumpStaging(row.id));
  await repo.removePrefix(prefix);

  try {
    const target = await connectionTarget(db, row.clusterId, deps.config.secretKey);
    const source = await inspectDumpSource(target, row.database, signal);
    await log(`dumping database ${JSON.stringify(row.database)} (PostgreSQL ${source.serverVersion}, ${source.databaseSizeBytes} bytes) as ${row.format} into ${repo.describe()}`);

    // 2. dump
    await progress({ phase: "dump", bytesDone: 0 });
    const dumpStart = Date.now();
    const files = await writeDump({
      repo,
      prefix,
      dump: row,
      bins: deps.pgBinaries,
      serverMajor: source.serverMajor,
      superuser: source.superuser,
      target,
      signal,
      onProgress: async (p) => {
        await progress({ bytesDone: p.bytes });
        await recordDumpProgress(db, row.id, p.tables);
      },
    });
    const dumpMs = Date.now() - dumpStart;
    await log(`wrote ${files.length} file(s), ${files.reduce((n, f) => n + f.size, 0)} bytes, in ${dumpMs} ms`);

    // 3. verify
    await progress({ phase: "verify" });
    const verifyStart = Date.now();
    const verified = await verifyDump({ repo, prefix, format: row.format, globals: row.globals, files: null, bins: deps.pgBinaries, signal });
    if (!verified.ok) throw new UnrecoverableError(`The dump did not verify: ${verified.detail}`);
    const verifyMs = Date.now() - verifyStart;
    await log(`verified in ${verifyMs} ms: ${verified.detail}`);
    const entries = verified.tocList === null ? null : parseTocList(verified.tocList);

    // 4. store
    await progress({ phase: "store" });
    const manifest = {
      format: 1,
      dumpId: row.id,
      clusterId: row.clusterId,
      database: row.database,
      archiveFormat: row.format,
      pgVersion: source.serverVersion,
      files: files.map((f) => ({ name: f.key.slice(prefix.length), size: f.size, sha256: f.sha256 })),
    };
    // Written last: a dump prefix without its manifest is not a dump.
    await repo.put(`${prefix}wayback.manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)), { signal });

    // 5. record
    await completeDumpRecord(
      db,
      row.id,
      {
        pgVersion: source.serverVersion,
        databaseSizeBytes: source.databaseSizeBytes,
        dumpMs,
        verifyMs,
        verifyDetail: verified.detail,
        toc: entries && { entries, relations: source.relations },
        tocSummary: entries && summarizeToc(entries),
        files,
      },
      prefix,
    );
    await log(`dump ${row.id} complete`);
  } catch (err) {
    await repo.discardStaging(dumpStaging(row.id));
    await repo.removePrefix(prefix);
    await failDumpRecord(db, row.id, (err as Error).message);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  }
};
