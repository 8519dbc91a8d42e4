import type { Db } from "@/lib/db/client";
import type { StorageAccess } from "@/lib/storage/open-repository";
import type { Policy, Repository } from "@/lib/db/generated/client";
import type { RetentionPlan } from "@/lib/domain/retention";
import type { JobLog } from "@/lib/jobs/job-log";
import { retentionRules } from "@/lib/retention/policy-rules";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { repositoryOpener, type OpenRepository } from "@/lib/retention/repository-opener";

/** What the later phases of a retention run apply. */
export interface RetentionRunPlan {
  clusterId: string;
  policy: Policy;
  repository: Repository;
  plan: RetentionPlan;
  segmentSize: number;
  openRepository: OpenRepository;
}

/**
 * The retention job's plan phase: the same planner the policy form previews, over the catalog as
 * it is now. A cluster without a policy or a repository has nothing to apply: `{ nothing: why }`.
 */
export async function planRetentionRun(
  db: Db,
  opts: { clusterId: string; now: Date; storage: StorageAccess; log: JobLog },
): Promise<RetentionRunPlan | { nothing: string }> {
  const { clusterId, log } = opts;
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, include: { policy: true, repository: true } });
  const { policy, repository } = cluster;
  if (!policy || !repository) {
    const why = policy ? "The cluster has no repository." : "The cluster has no policy: nothing expires.";
    await log(why);
    return { nothing: why };
  }
  const { plan, segmentSize } = await retentionPlanForCluster(db, { clusterId, rules: retentionRules(policy), now: opts.now });
  const expiring = plan.decisions.filter((d) => !d.keep).length;
  await log(
    `policy ${policy.name}: ${plan.decisions.length - expiring} backup(s) kept, ${expiring} to expire${plan.stopped ? `; ${plan.stopped}` : ""}`,
  );
  const openRepository = repositoryOpener(db, { storage: opts.storage, known: [repository] });
  return { clusterId, policy, repository, plan, segmentSize, openRepository };
}
