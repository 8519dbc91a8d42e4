import { UnrecoverableError } from "bullmq";
import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import type { Db } from "@/lib/db/client";
import { ALERT_RULES, verificationFailedMessage } from "@/lib/domain/alert-rules";
import { findingsSummary, type VerificationFinding } from "@/lib/domain/archive-verification";
import { appendJobLog } from "@/lib/jobs/job-log";
import { checkBackup } from "@/lib/verification/check-backup";
import { checkWal } from "@/lib/verification/check-wal";
import { planVerification } from "@/lib/verification/plan-verification";
import { progressMeter } from "@/lib/verification/progress-meter";
import { failVerificationRecord, finishVerificationRecord, startVerificationRecord, type ResultRow } from "@/lib/verification/verification-record";
import type { Processor } from "@/worker/processor";

/**
 * A cluster's repository read back, in phases:
 *  1. prepare — the verification row; the catalog's backups, then what the repository holds;
 *  2. backups — each complete backup's files re-read against the catalog and its manifest, then
 *     pg_verifybackup's checks;
 *  3. wal — every WAL file re-read (size, SHA-256, page header) against the catalog, and the
 *     chain each backup needs;
 *  4. record — results and findings stored; the row turns passed, or failed with its findings.
 * Findings fail the job too, so the jobs list shows it; an error that stops the verification
 * leaves the row failed with the reason. Either raises the cluster's "verification failed" alert;
 * a clean verification resolves it.
 */
export const verify: Processor<"verify"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);

  // 1. prepare
  await progress({ phase: "prepare" });
  const verification = await startVerificationRecord(db, payload);
  const scratchPurpose = `verification-${verification.id}`;
  const results: ResultRow[] = [];
  const findings: VerificationFinding[] = [];
  try {
    const plan = await planVerification(db, { clusterId: payload.clusterId, repoRoots: deps.config.repoRoots });
    // A retried job starts over: whatever scratch its dead predecessor left goes first.
    for (const repo of plan.repos) await repo.discardStaging(scratchPurpose);
    await log(`reading ${plan.backups.length} backup(s) and ${plan.wal.objects.length} WAL file(s): ${plan.totals.files} files, ${plan.totals.bytes} bytes`);
    const meter = progressMeter({ db, verificationId: verification.id, progress, totals: plan.totals });
    findings.push(...plan.stray);

    // 2. backups
    await progress({ phase: "backups" });
    for (const target of plan.backups) {
      const checked = await checkBackup({ target, bins: deps.pgBinaries, scratchPurpose, meter, signal });
      results.push(checked.result);
      findings.push(...checked.findings);
      await log(`backup ${target.backup.label}: ${findingsSummary(checked.findings)}`);
    }

    // 3. wal
    await progress({ phase: "wal" });
    const wal = await checkWal({ db, clusterId: payload.clusterId, wal: plan.wal, backups: plan.backups, meter, signal });
    results.push(...wal.results);
    findings.push(...wal.findings);
    await log(`WAL archive: ${wal.results.length} range(s), ${findingsSummary(wal.findings)}`);

    // 4. record
    await progress({ phase: "record" });
    await meter.flush();
    await finishVerificationRecord(db, verification.id, { results, findings, checkedBackupIds: plan.backups.map((b) => b.backup.id) });
  } catch (err) {
    await failVerificationRecord(db, verification.id, (err as Error).message);
    await raiseVerificationAlert(db, payload.clusterId, verification.id, `the verification could not finish: ${(err as Error).message}`);
    await log(`failed: ${(err as Error).message}`);
    throw err;
  }
  await log(`verification ${findings.length === 0 ? "passed" : "failed"}: ${findingsSummary(findings)}`);
  if (findings.length === 0) {
    await resolveAlert(db, payload.clusterId, "verification_failed");
    return;
  }
  await raiseVerificationAlert(db, payload.clusterId, verification.id, findingsSummary(findings));
  throw new UnrecoverableError(`Verification failed: ${findingsSummary(findings)}`);
};

async function raiseVerificationAlert(db: Db, clusterId: string, verificationId: string, what: string): Promise<void> {
  await raiseAlert(db, {
    clusterId,
    rule: "verification_failed",
    severity: ALERT_RULES.verification_failed.severity,
    message: verificationFailedMessage(what),
    details: { verificationId },
  });
}
