import type { Db } from "@/lib/db/client";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { VerificationFinding } from "@/lib/domain/archive-verification";
import type { JobLog } from "@/lib/jobs/job-log";
import type { JobProgress } from "@/lib/jobs/job-record";
import { planVerification, type VerificationPlan } from "@/lib/verification/plan-verification";
import { progressMeter, type ProgressMeter } from "@/lib/verification/progress-meter";
import type { ResultRow } from "@/lib/verification/verification-record";

/** One verification under way: its plan, and the results and findings its phases add. */
export interface VerificationRun {
  verificationId: string;
  clusterId: string;
  /** The repository read: null or the primary's id for the primary, else a copy repository's. */
  repositoryId: string | null;
  /** Reading a copy repository rather than the primary. */
  copy: boolean;
  plan: VerificationPlan;
  /** Staging purpose of the scratch copies its checks make. */
  scratchPurpose: string;
  meter: ProgressMeter;
  results: ResultRow[];
  findings: VerificationFinding[];
}

/**
 * The verification job's prepare phase: the catalog's backups, then what the repository holds (the
 * primary, or the copy repository the request chose); objects that belong to no backup are the
 * first findings.
 */
export async function prepareVerification(
  db: Db,
  opts: {
    verificationId: string;
    clusterId: string;
    repositoryId: string | null;
    storage: StorageAccess;
    progress: JobProgress;
    log: JobLog;
  },
): Promise<VerificationRun> {
  const { verificationId, clusterId, repositoryId } = opts;
  const scratchPurpose = `verification-${verificationId}`;
  const plan = await planVerification(db, { clusterId, repositoryId, storage: opts.storage });
  const copy = plan.wal.copied !== null;
  // A retried job starts over: whatever scratch its dead predecessor left goes first.
  for (const repo of plan.repos) await repo.discardStaging(scratchPurpose);
  await opts.log(
    `reading ${copy ? "copy repository: " : ""}${plan.backups.length} backup(s) and ${plan.wal.objects.length} WAL file(s): ${plan.totals.files} files, ${plan.totals.bytes} bytes`,
  );
  const meter = progressMeter({ db, verificationId, progress: opts.progress, totals: plan.totals });
  return { verificationId, clusterId, repositoryId, copy, plan, scratchPurpose, meter, results: [], findings: [...plan.stray] };
}
