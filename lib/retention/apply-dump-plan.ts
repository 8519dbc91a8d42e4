import type { Db } from "@/lib/db/client";
import { repositoryExpiry } from "@/lib/domain/retention";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { JobLog } from "@/lib/jobs/job-log";
import { dumpRetentionRules } from "@/lib/retention/policy-rules";
import { expireDump } from "@/lib/retention/expire-dump";
import { planDumpRetention, type DumpDecision } from "@/lib/retention/plan-dumps";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";
import { finishDumpCopyRemovals, removeDumpCopy } from "@/lib/retention/remove-dump-copy";

/**
 * The retention job's dumps phase: the same planner over each database's logical dumps on its
 * own, with the dump counts of each repository's policy, once per repository like backups (the
 * primary first, then each copy repository): a copy's files leave its copy repository, a dump's
 * home is handed over to a copy repository whose plan keeps it, and a dump no repository keeps is
 * expired, its files and row removed everywhere.
 */
export async function applyDumpPlan(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; now: Date; storage: StorageAccess; log: JobLog },
): Promise<{ expired: number; bytes: bigint }> {
  const { clusterId, openRepository } = run;
  await finishDumpCopyRemovals(db, { clusterId, openRepository });
  const plans: { id: string | null; name: string; decisions: DumpDecision[] }[] = [];
  for (const r of [
    { id: null, name: run.repository.name, policy: run.policy },
    ...run.copies.map((c) => ({ id: c.repositoryId, name: c.name, policy: c.policy })),
  ]) {
    const plan = await planDumpRetention(db, { clusterId, rules: dumpRetentionRules(r.policy), now: opts.now, copy: r.id ?? undefined });
    for (const stop of plan.stopped) await opts.log(`dumps in ${r.name} of ${stop}`);
    plans.push({ id: r.id, name: r.name, decisions: plan.decisions });
  }
  const keptIn = new Map<string, string[]>();
  for (const p of plans) {
    if (!p.id) continue;
    for (const { decision: d, status } of p.decisions)
      if (d.keep && status === "complete") keptIn.set(d.id, [...(keptIn.get(d.id) ?? []), p.id]);
  }
  let expired = 0;
  let bytes = 0n;
  for (const p of plans) {
    for (const { decision: d, database } of p.decisions) {
      if (d.keep) continue;
      const dump = await db.dump.findUnique({ where: { id: d.id }, select: { repositoryId: true, removingAt: true } });
      if (!dump) continue;
      const repositoryId = p.id ?? dump.repositoryId;
      const action = dump.removingAt
        ? { kind: "expire" as const }
        : repositoryExpiry({ repositoryId, home: dump.repositoryId, keptIn: keptIn.get(d.id) ?? [] });
      if (action.kind === "expire") {
        const outcome = await expireDump(db, { runId: opts.runId, clusterId, dumpId: d.id, reason: d.reason, storage: opts.storage });
        if (!outcome.expired) {
          await opts.log(`kept dump ${d.id} of ${database}: ${outcome.why}`);
          continue;
        }
        expired += 1;
        bytes += outcome.bytes;
        await opts.log(`expired dump ${d.id} of ${database} (${d.reason}): ${outcome.bytes} bytes`);
        continue;
      }
      const handOverTo = action.kind === "hand-over" ? action.to : undefined;
      const outcome = await removeDumpCopy(db, {
        runId: opts.runId,
        clusterId,
        dumpId: d.id,
        repositoryId,
        handOverTo,
        reason: d.reason,
        openRepository,
      });
      if (!outcome.removed) {
        await opts.log(`kept dump ${d.id} of ${database} in ${p.name}: ${outcome.why}`);
        continue;
      }
      bytes += outcome.bytes;
      await opts.log(`removed dump ${d.id} of ${database} from ${p.name} (${d.reason})${handOverTo ? "; a copy repository keeps it" : ""}`);
    }
  }
  return { expired, bytes };
}
