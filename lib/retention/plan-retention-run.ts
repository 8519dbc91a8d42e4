import type { Db } from "@/lib/db/client";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { Policy, Repository } from "@/lib/db/generated/client";
import type { RetentionPlan } from "@/lib/domain/retention";
import type { JobLog } from "@/lib/jobs/job-log";
import { retentionRules } from "@/lib/retention/policy-rules";
import { retentionPlanForCluster, type CopyRetentionPlan } from "@/lib/retention/plan-for-cluster";
import { repositoryOpener, type OpenRepository } from "@/lib/retention/repository-opener";

/** What the later phases of a retention run apply. */
export interface RetentionRunPlan {
  clusterId: string;
  policy: Policy;
  /** The primary repository and its plan. */
  repository: Repository;
  plan: RetentionPlan;
  /** Each copy repository's plan, under its own policy's counts or the cluster's. */
  copies: (CopyRetentionPlan & { policy: Policy })[];
  segmentSize: number;
  openRepository: OpenRepository;
}

/**
 * The retention job's plan phase: the same planner the policy form previews, over the catalog as
 * it is now, once per repository. A cluster without a policy or a repository has nothing to
 * apply: `{ nothing: why }`.
 */
export async function planRetentionRun(
  db: Db,
  opts: { clusterId: string; now: Date; storage: StorageAccess; log: JobLog },
): Promise<RetentionRunPlan | { nothing: string }> {
  const { clusterId, log } = opts;
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: clusterId },
    include: { policy: true, repository: true, copyRepositories: { include: { policy: true, repository: true } } },
  });
  const { policy, repository } = cluster;
  if (!policy || !repository) {
    const why = policy ? "The cluster has no repository." : "The cluster has no policy: nothing expires.";
    await log(why);
    return { nothing: why };
  }
  const planned = await retentionPlanForCluster(db, { clusterId, rules: retentionRules(policy), now: opts.now });
  const describe = (name: string, policyName: string, plan: RetentionPlan) => {
    const expiring = plan.decisions.filter((d) => !d.keep).length;
    const stop = plan.stopped ? `; ${plan.stopped}` : "";
    return `${name} (policy ${policyName}): ${plan.decisions.length - expiring} backup(s) kept, ${expiring} to expire${stop}`;
  };
  await log(describe(repository.name, policy.name, planned.plan));
  const links = new Map(cluster.copyRepositories.map((l) => [l.repositoryId, l]));
  const copies = planned.copies.map((c) => ({ ...c, policy: links.get(c.repositoryId)?.policy ?? policy }));
  for (const c of copies) await log(describe(c.name, c.policy.name, c.plan));
  const openRepository = repositoryOpener(db, {
    storage: opts.storage,
    known: [repository, ...cluster.copyRepositories.map((l) => l.repository)],
  });
  return { clusterId, policy, repository, plan: planned.plan, copies, segmentSize: planned.segmentSize, openRepository };
}
