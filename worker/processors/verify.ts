import type { VerificationFinding } from "@/lib/domain/archive-verification";
import { clusterEngine } from "@/lib/engines/cluster-engine";
import { verifyWithEngine } from "@/lib/verification/verify-with-engine";
import { abandonVerification } from "@/lib/verification/abandon-verification";
import { concludeVerification } from "@/lib/verification/conclude-verification";
import { prepareVerification } from "@/lib/verification/prepare-verification";
import { recordVerification } from "@/lib/verification/record-verification";
import { runBackupChecks } from "@/lib/verification/run-backup-checks";
import { runWalChecks } from "@/lib/verification/run-wal-checks";
import { startVerificationRecord } from "@/lib/verification/verification-record";
import type { Processor } from "@/worker/processor";

/** A cluster's repository (the primary, or the copy repository asked for) read back. An error that stops it fails the row with the reason and raises the cluster's alert. */
export const verify: Processor<"verify"> = async ({ payload, deps, signal, progress, log }) => {
  const { db, pgBinaries: bins } = deps;
  const { clusterId } = payload;
  // 1. Prepare: the verification row; the catalog's backups, then what the repository holds.
  await progress({ phase: "prepare" });
  const { id: verificationId, repositoryId } = await startVerificationRecord(db, payload);
  let findings: VerificationFinding[];
  try {
    // A pgBackRest cluster: pgBackRest's verify re-reads its sets and archive; its findings recorded per backup.
    const engine = await clusterEngine(db, clusterId, deps.config);
    if (engine) {
      await progress({ phase: "backups" });
      findings = await verifyWithEngine(db, engine, { verificationId, clusterId, signal });
    } else {
      const run = await prepareVerification(db, { verificationId, clusterId, repositoryId, storage: deps.config, progress, log });
      // 2. Backups: each complete backup's files against the catalog and its manifest, then pg_verifybackup.
      await progress({ phase: "backups" });
      await runBackupChecks(run, { bins, signal, log });
      // 3. WAL: every file re-read (size, SHA-256, page header) against the catalog, and each backup's chain.
      await progress({ phase: "wal" });
      await runWalChecks(db, run, { signal, log });
      // 4. Record: results and findings stored; the row turns passed, or failed with its findings.
      await progress({ phase: "record" });
      findings = await recordVerification(db, run);
    }
  } catch (err) {
    await abandonVerification(db, { clusterId, verificationId, error: err as Error, log });
    throw err;
  }
  // 5. Alert: resolved when clean; raised, and the job failed, on findings.
  await concludeVerification(db, { clusterId, verificationId, repositoryId, findings, log });
};
