import { abandonBackup } from "@/lib/backups/abandon-backup";
import { completeBackup } from "@/lib/backups/complete-backup";
import { copyCluster } from "@/lib/backups/copy-cluster";
import { prepareBackup } from "@/lib/backups/prepare-backup";
import { storeBackup } from "@/lib/backups/store-backup";
import { verifyCopiedBackup } from "@/lib/backups/verify-copied-backup";
import { backUpWithEngine } from "@/lib/backups/back-up-with-engine";
import { clusterEngine } from "@/lib/engines/cluster-engine";
import { recordRelationNames } from "@/lib/relations/record-relation-names";
import type { Processor } from "@/worker/processor";

/** A full physical backup. Any failure after step 1 removes what was written and fails the row with the reason. */
export const backupFull: Processor<"backup.full"> = async ({ payload, deps, signal, progress, log }) => {
  const { db, pgBinaries: bins } = deps;
  // A pgBackRest cluster: its engine takes the set of the asked kind (decision 0029).
  const engine = await clusterEngine(db, payload.clusterId, deps.config);
  if (engine) return backUpWithEngine(db, engine, { ...payload, config: deps.config, signal, progress, log });
  if (payload.kind !== "full") throw new Error(`Wayback's own engine takes full backups only, not ${payload.kind}.`);
  // 1. Prepare: the cluster, its repository, the server, the backup's row; interrupted backups' leftovers removed.
  await progress({ phase: "prepare" });
  const run = await prepareBackup(db, { jobId: payload.jobId, clusterId: payload.clusterId, config: deps.config, signal, log });
  try {
    // 2. Copy: pg_basebackup's archives streamed into the repository and through the verifier as it writes them, reporting progress.
    await progress({ phase: "copy", bytesDone: 0 });
    const copied = await copyCluster(run, { bins, signal, progress, log });
    // 3. Verify: what pg_verifybackup checks (the measured files against backup_manifest, and the WAL).
    await progress({ phase: "verify" });
    const verified = await verifyCopiedBackup(run, copied, { bins, signal, log });
    // 4. Store: pg_wal.tar and backup_manifest with their SHA-256, Wayback's manifest last.
    await progress({ phase: "store" });
    const files = await storeBackup(run, copied, signal);
    // 5. Record: the catalog row turns complete.
    await completeBackup(db, run, { copied, verified, files, log });
  } catch (err) {
    await abandonBackup(db, run, { error: err as Error, log });
    throw err;
  }
  // 6. Names: the relation map as of this backup, for the WAL inspector (decision 0022); the backup stands if it cannot be read.
  await recordRelationNames(db, { clusterId: payload.clusterId, target: run.target, signal }).catch((err: Error) =>
    log(`The relation names could not be recorded: ${err.message}`),
  );
};
