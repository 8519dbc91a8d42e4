import { findingsSummary } from "@/lib/domain/archive-verification";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { checkBackup } from "@/lib/verification/check-backup";
import type { VerificationRun } from "@/lib/verification/prepare-verification";

/**
 * The verification job's backups phase: each complete backup's files re-read against the catalog
 * and its manifest, then pg_verifybackup's checks; results and findings added to the run.
 */
export async function runBackupChecks(run: VerificationRun, opts: { bins: PgBinaries; signal: AbortSignal; log: JobLog }): Promise<void> {
  for (const target of run.plan.backups) {
    const checked = await checkBackup({
      target,
      bins: opts.bins,
      scratchPurpose: run.scratchPurpose,
      meter: run.meter,
      signal: opts.signal,
    });
    run.results.push(checked.result);
    run.findings.push(...checked.findings);
    await opts.log(`backup ${target.backup.label}: ${findingsSummary(checked.findings)}`);
  }
}
