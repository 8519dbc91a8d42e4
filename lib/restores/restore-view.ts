import type { Job, Restore } from "@/lib/db/generated/client";
import { readRestoreRowCounts } from "@/lib/domain/restore-outcome";
import type { TableCount } from "@/lib/domain/row-counts";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export interface RestoreView {
  id: string;
  clusterId: string;
  clusterName: string;
  status: "queued" | "running" | "paused" | "complete" | "failed" | "discarded";
  requestedBy: string | null;
  target: { kind: string; value: string | null; inclusive: boolean | null };
  timeline: number;
  backupId: string | null;
  planReason: string;
  targetLsn: string | null;
  estimatedSeconds: number | null;
  destination: "new_instance" | "in_place";
  dataDir: string;
  port: number;
  pauseAtTarget: boolean;
  connectionString: string | null;
  reachedLsn: string | null;
  timings: { baseMs: number | null; replayMs: number | null; verifyMs: number | null; totalMs: number | null };
  baseBytes: number | null;
  walBytes: number | null;
  rowCounts: TableCount[] | null;
  logTail: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  job: JobView | null;
}

export type RestoreRow = Restore & { cluster: { name: string }; requestedBy: { username: string } | null; job: Job | null };

const num = (v: bigint | null) => (v === null ? null : Number(v));

export function presentRestore(r: RestoreRow): RestoreView {
  return {
    id: r.id,
    clusterId: r.clusterId,
    clusterName: r.cluster.name,
    status: r.status,
    requestedBy: r.requestedBy?.username ?? null,
    target: { kind: r.targetKind, value: r.targetValue, inclusive: r.inclusive },
    timeline: r.timeline,
    backupId: r.backupId,
    planReason: r.planReason,
    targetLsn: r.targetLsn,
    estimatedSeconds: r.estimatedSeconds,
    destination: r.destination,
    dataDir: r.dataDir,
    port: r.port,
    pauseAtTarget: r.pauseAtTarget,
    connectionString: r.connectionString,
    reachedLsn: r.reachedLsn,
    timings: {
      baseMs: r.baseMs,
      replayMs: r.replayMs,
      verifyMs: r.verifyMs,
      totalMs: r.finishedAt && r.job?.startedAt ? r.finishedAt.getTime() - r.job.startedAt.getTime() : null,
    },
    baseBytes: num(r.baseBytes),
    walBytes: num(r.walBytes),
    rowCounts: readRestoreRowCounts(r),
    logTail: r.logTail,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    job: r.job ? presentJob(r.job) : null,
  };
}
