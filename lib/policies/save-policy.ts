import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Policy } from "@/lib/db/generated/client";
import { Prisma } from "@/lib/db/generated/client";
import { policyKindRefusal } from "@/lib/domain/backup-kind";
import type { PolicyInput } from "@/lib/domain/policy-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { rescheduleLater } from "@/lib/schedules/reschedule-later";
import { syncPolicySchedules } from "@/lib/schedules/sync-schedules";

/**
 * Creates a policy, or replaces one's settings; the clusters using it are rescheduled at once.
 * The catalog is the source of truth: when Redis is down the save stands and the worker's
 * supervisor reconciles the schedulers later.
 */
export async function savePolicy(db: Db, queue: Queue, opts: { id?: string; input: PolicyInput }): Promise<Policy> {
  if (opts.id) {
    const clusters = await db.cluster.findMany({
      where: { policyId: opts.id },
      select: { name: true, engine: true },
      orderBy: { name: "asc" },
    });
    const refusal = policyKindRefusal(opts.input, clusters);
    if (refusal) {
      const set = (["backupDiffCron", "backupIncrCron"] as const).filter((f) => opts.input[f] !== null);
      throw new AppError("validation_failed", refusal, Object.fromEntries(set.map((f) => [f, [refusal]])));
    }
  }
  let policy: Policy;
  try {
    policy = opts.id ? await db.policy.update({ where: { id: opts.id }, data: opts.input }) : await db.policy.create({ data: opts.input });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict", `A policy named "${opts.input.name}" already exists.`, {
        name: ["Another policy already has this name."],
      });
    }
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") throw notFound("The policy");
    throw err;
  }
  await rescheduleLater(syncPolicySchedules(db, queue, policy.id), policy.id);
  return policy;
}
