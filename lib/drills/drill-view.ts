import type { Drill, Job } from "@/lib/db/generated/client";
import { readDrillChecks, readDrillRowCounts, type DrillCheck } from "@/lib/domain/drill-outcome";
import type { RowComparison } from "@/lib/domain/row-counts";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export interface DrillView {
  id: string;
  clusterId: string;
  clusterName: string;
  status: "queued" | "running" | "passed" | "failed";
  requestedBy: string | null;
  target: "restore_point" | "latest";
  restorePoint: string | null;
  tolerancePct: number;
  backupId: string | null;
  /** The repository the drill restored from; null on drills from before copies (they read the primary). */
  repository: { id: string; name: string } | null;
  targetLsn: string | null;
  reachedLsn: string | null;
  port: number | null;
  dataDir: string | null;
  /** Measured recovery time: base restore, WAL replay, checks, and the whole drill. */
  timings: { baseMs: number | null; replayMs: number | null; checkMs: number | null; totalMs: number | null };
  baseBytes: number | null;
  walBytes: number | null;
  checks: DrillCheck[] | null;
  rowCounts: RowComparison[] | null;
  error: string | null;
  logTail: string | null;
  cleanedUpAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  job: JobView | null;
}

export type DrillRow = Drill & {
  cluster: { name: string };
  requestedBy: { username: string } | null;
  job: Job | null;
  repository: { id: string; name: string } | null;
};

const num = (v: bigint | null) => (v === null ? null : Number(v));

export function presentDrill(d: DrillRow): DrillView {
  return {
    id: d.id,
    clusterId: d.clusterId,
    clusterName: d.cluster.name,
    status: d.status,
    requestedBy: d.requestedBy?.username ?? null,
    target: d.targetKind as DrillView["target"],
    restorePoint: d.restorePoint,
    tolerancePct: d.tolerancePct,
    backupId: d.backupId,
    repository: d.repository,
    targetLsn: d.targetLsn,
    reachedLsn: d.reachedLsn,
    port: d.port,
    dataDir: d.dataDir,
    timings: { baseMs: d.baseMs, replayMs: d.replayMs, checkMs: d.checkMs, totalMs: d.totalMs },
    baseBytes: num(d.baseBytes),
    walBytes: num(d.walBytes),
    checks: readDrillChecks(d),
    rowCounts: readDrillRowCounts(d),
    error: d.error,
    logTail: d.logTail,
    cleanedUpAt: d.cleanedUpAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    job: d.job ? presentJob(d.job) : null,
  };
}
