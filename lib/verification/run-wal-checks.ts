import type { Db } from "@/lib/db/client";
import { findingsSummary } from "@/lib/domain/archive-verification";
import type { JobLog } from "@/lib/jobs/job-log";
import { checkWal } from "@/lib/verification/check-wal";
import type { VerificationRun } from "@/lib/verification/prepare-verification";

/**
 * The verification job's WAL phase: every WAL file re-read (size, SHA-256, page header) against
 * the catalog, and the chain each backup needs; results and findings added to the run.
 */
export async function runWalChecks(db: Db, run: VerificationRun, opts: { signal: AbortSignal; log: JobLog }): Promise<void> {
  const { plan } = run;
  const wal = await checkWal({ db, clusterId: run.clusterId, wal: plan.wal, backups: plan.backups, meter: run.meter, signal: opts.signal });
  run.results.push(...wal.results);
  run.findings.push(...wal.findings);
  await opts.log(`WAL archive: ${wal.results.length} range(s), ${findingsSummary(wal.findings)}`);
}
