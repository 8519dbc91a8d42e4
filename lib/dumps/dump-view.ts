import type { Dump, DumpCopy, DumpFile, DumpRestore, Job } from "@/lib/db/generated/client";
import { tocSchemas, tocTables, type TableName, type TocEntry } from "@/lib/domain/dump-toc";
import { readDumpToc, readTocSummary, type TocSummary } from "@/lib/domain/dump-toc-column";
import { readDumpOptions, type DumpOptions } from "@/lib/domain/dump-input";
import { readDumpRestoreSelection } from "@/lib/domain/dump-restore-selection";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export interface DumpView {
  id: string;
  clusterId: string;
  clusterName: string;
  status: "running" | "complete" | "failed";
  database: string;
  format: "custom" | "directory" | "plain";
  jobs: number;
  compressLevel: number | null;
  globals: boolean;
  options: DumpOptions;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  tablesDumped: number;
  databaseSizeBytes: number | null;
  storedSizeBytes: number | null;
  dumpMs: number | null;
  verifyMs: number | null;
  pgVersion: string | null;
  tocSummary: TocSummary | null;
  verified: boolean | null;
  verifyDetail: string | null;
  error: string | null;
  removing: boolean;
  /** Its copies in the cluster's copy repositories (copying, complete or failed); removed ones are not listed. */
  copies: { repositoryId: string; name: string; status: "copying" | "complete" | "failed" }[];
  job: JobView | null;
}

export interface DumpRestoreView {
  id: string;
  dumpId: string;
  target: "cluster" | "new_instance";
  /** null for a new instance. */
  targetClusterId: string | null;
  targetClusterName: string | null;
  targetDatabase: string;
  /** A new instance on the worker's host, once placed; null connection string once removed. */
  instance: { dataDir: string; port: number; connectionString: string | null; discardedAt: string | null } | null;
  status: "running" | "complete" | "failed";
  selection: { schemas: string[]; tables: TableName[] } | null;
  jobs: number;
  noOwner: boolean;
  clean: boolean;
  ifExists: boolean;
  createdDatabase: boolean | null;
  errorCount: number | null;
  errors: string | null;
  restoreMs: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  job: JobView | null;
}

export interface DumpDetailView extends DumpView {
  files: { name: string; sizeBytes: number; sha256: string }[];
  /** The table of contents: every entry, and the schemas and tables a restore can choose. */
  toc: { entries: TocEntry[]; schemas: string[]; tables: TableName[] } | null;
  restores: DumpRestoreView[];
  jobLog: string | null;
}

export type DumpRow = Dump & { cluster: { name: string }; job: Job | null; copies: (DumpCopy & { repository: { name: string } })[] };
export type DumpRestoreRow = DumpRestore & { targetCluster: { name: string } | null; job: Job | null };

const num = (v: bigint | null) => (v === null ? null : Number(v));

export function presentDump(d: DumpRow): DumpView {
  return {
    id: d.id,
    clusterId: d.clusterId,
    clusterName: d.cluster.name,
    status: d.status,
    database: d.database,
    format: d.format,
    jobs: d.jobs,
    compressLevel: d.compressLevel,
    globals: d.globals,
    options: readDumpOptions(d),
    startedAt: d.startedAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    durationMs: d.finishedAt ? d.finishedAt.getTime() - d.startedAt.getTime() : null,
    tablesDumped: d.objectsDumped,
    databaseSizeBytes: num(d.databaseSizeBytes),
    storedSizeBytes: num(d.storedSizeBytes),
    dumpMs: d.dumpMs,
    verifyMs: d.verifyMs,
    pgVersion: d.pgVersion,
    tocSummary: readTocSummary(d),
    verified: d.verified,
    verifyDetail: d.verifyDetail,
    error: d.error,
    removing: d.removingAt !== null,
    copies: d.copies.flatMap((c) =>
      c.status === "copying" || c.status === "complete" || c.status === "failed"
        ? [{ repositoryId: c.repositoryId, name: c.repository.name, status: c.status }]
        : [],
    ),
    job: d.job ? presentJob(d.job) : null,
  };
}

export function presentDumpRestore(r: DumpRestoreRow): DumpRestoreView {
  return {
    id: r.id,
    dumpId: r.dumpId,
    target: r.target,
    targetClusterId: r.targetClusterId,
    targetClusterName: r.targetCluster?.name ?? null,
    targetDatabase: r.targetDatabase,
    instance:
      r.instanceDataDir === null || r.instancePort === null
        ? null
        : {
            dataDir: r.instanceDataDir,
            port: r.instancePort,
            connectionString: r.connectionString,
            discardedAt: r.discardedAt?.toISOString() ?? null,
          },
    status: r.status,
    selection: readDumpRestoreSelection(r),
    jobs: r.jobs,
    noOwner: r.noOwner,
    clean: r.clean,
    ifExists: r.ifExists,
    createdDatabase: r.createdDatabase,
    errorCount: r.errorCount,
    errors: r.errors,
    restoreMs: r.restoreMs,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    job: r.job ? presentJob(r.job) : null,
  };
}

export function presentDumpDetail(d: DumpRow & { files: DumpFile[]; restores: DumpRestoreRow[] }): DumpDetailView {
  const toc = readDumpToc(d);
  return {
    ...presentDump(d),
    files: d.files.map((f) => ({ name: f.name, sizeBytes: Number(f.sizeBytes), sha256: f.sha256 })),
    toc: toc ? { entries: toc.entries, schemas: tocSchemas(toc.entries), tables: tocTables(toc.entries) } : null,
    restores: d.restores.map(presentDumpRestore),
    jobLog: d.job?.log ?? null,
  };
}
