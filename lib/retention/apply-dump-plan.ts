import type { Db } from "@/lib/db/client";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { JobLog } from "@/lib/jobs/job-log";
import { dumpRetentionRules } from "@/lib/retention/policy-rules";
import { expireDump } from "@/lib/retention/expire-dump";
import { planDumpRetention } from "@/lib/retention/plan-dumps";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";

/**
 * The retention job's dumps phase: the same planner over each database's logical dumps on its
 * own, with the policy's dump counts; each expired dump's files and row removed.
 */
export async function applyDumpPlan(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; now: Date; storage: StorageAccess; log: JobLog },
): Promise<{ expired: number; bytes: bigint }> {
  const { clusterId } = run;
  let expired = 0;
  let bytes = 0n;
  const dumpPlan = await planDumpRetention(db, { clusterId, rules: dumpRetentionRules(run.policy), now: opts.now });
  for (const stop of dumpPlan.stopped) await opts.log(`dumps of ${stop}`);
  for (const { decision: d, database } of dumpPlan.decisions) {
    if (d.keep) continue;
    const outcome = await expireDump(db, { runId: opts.runId, clusterId, dumpId: d.id, reason: d.reason, storage: opts.storage });
    if (!outcome.expired) {
      await opts.log(`kept dump ${d.id} of ${database}: ${outcome.why}`);
      continue;
    }
    expired += 1;
    bytes += outcome.bytes;
    await opts.log(`expired dump ${d.id} of ${database} (${d.reason}): ${outcome.bytes} bytes`);
  }
  return { expired, bytes };
}
