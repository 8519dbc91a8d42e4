import type { Job, TableRestore } from "@/lib/db/generated/client";
import type { TableRestoreResult } from "@/lib/domain/table-restore";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export interface TableRestoreView {
  id: string;
  clusterId: string;
  clusterName: string;
  status: TableRestore["status"];
  requestedBy: string | null;
  target: { kind: string; value: string | null; inclusive: boolean | null };
  timeline: number;
  backupId: string | null;
  planReason: string;
  targetLsn: string | null;
  reachedLsn: string | null;
  database: string;
  tables: string[];
  destination: TableRestore["destination"];
  destinationName: string;
  diff: boolean;
  timings: { baseMs: number | null; replayMs: number | null; loadMs: number | null };
  results: TableRestoreResult[] | null;
  error: string | null;
  logTail: string | null;
  cleanedUpAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  job: JobView | null;
}

export type TableRestoreRow = TableRestore & { cluster: { name: string }; requestedBy: { username: string } | null; job: Job | null };

export function presentTableRestore(t: TableRestoreRow): TableRestoreView {
  return {
    id: t.id,
    clusterId: t.clusterId,
    clusterName: t.cluster.name,
    status: t.status,
    requestedBy: t.requestedBy?.username ?? null,
    target: { kind: t.targetKind, value: t.targetValue, inclusive: t.inclusive },
    timeline: t.timeline,
    backupId: t.backupId,
    planReason: t.planReason,
    targetLsn: t.targetLsn,
    reachedLsn: t.reachedLsn,
    database: t.database,
    tables: t.tables,
    destination: t.destination,
    destinationName: t.destinationName,
    diff: t.diff,
    timings: { baseMs: t.baseMs, replayMs: t.replayMs, loadMs: t.loadMs },
    results: (t.results as unknown as TableRestoreResult[] | null) ?? null,
    error: t.error,
    logTail: t.logTail,
    cleanedUpAt: t.cleanedUpAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    finishedAt: t.finishedAt?.toISOString() ?? null,
    job: t.job ? presentJob(t.job) : null,
  };
}
