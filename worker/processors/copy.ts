import { copyBackups } from "@/lib/copies/copy-backups";
import { copyDumps } from "@/lib/copies/copy-dumps";
import { prepareCopyRun } from "@/lib/copies/copy-run";
import { copyWal } from "@/lib/copies/copy-wal";
import type { Processor } from "@/worker/processor";

/** Brings each copy repository of a cluster up to its primary: complete backups and dumps, then archived WAL. */
export const copy: Processor<"copy"> = async ({ payload, deps, signal, progress, log }) => {
  // 1. Prepare: the cluster's primary repository and its copy repositories.
  await progress({ phase: "prepare" });
  const run = await prepareCopyRun(deps.db, { clusterId: payload.clusterId, config: deps.config });
  const failures: string[] = [];
  for (const target of run.targets) {
    try {
      // 2. Backups: each complete backup not yet complete there, files re-read at the destination, manifest last.
      await progress({ phase: `backups to ${target.name}` });
      await copyBackups(deps.db, run, target, { signal, log });
      // 3. Dumps: each complete logical dump not yet there, like backups.
      await progress({ phase: `dumps to ${target.name}` });
      await copyDumps(deps.db, run, target, { signal, log });
      // 4. WAL: history files and archived segments not yet there, written immutably.
      await progress({ phase: `WAL to ${target.name}` });
      await copyWal(deps.db, run, target, { signal, log });
    } catch (err) {
      // One unreachable copy repository does not hold the others back.
      if (signal.aborted) throw err;
      failures.push(`${target.name}: ${(err as Error).message}`);
      await log(`copy to ${target.name} failed: ${(err as Error).message}`);
    }
  }
  // 5. Report: the run fails when a copy repository could not be brought up, naming each.
  if (failures.length > 0) throw new Error(`Copying failed for ${failures.length} copy repository(ies): ${failures.join("; ")}`);
};
