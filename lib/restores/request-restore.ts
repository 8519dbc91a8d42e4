import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Restore } from "@/lib/db/generated/client";
import { formatLsn } from "@/lib/domain/lsn";
import { isInsideRoots } from "@/lib/domain/repository-input";
import type { RestoreEstimate } from "@/lib/domain/restore-estimate";
import type { PlanRestoreResult, RestorePlan } from "@/lib/domain/restore-plan-types";
import { AppError, notFound } from "@/lib/errors/app-error";
import { assertNameConfirmed } from "@/lib/domain/confirm-name";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { routeJob } from "@/lib/queue/job-host";
import { inPlaceHost } from "@/lib/domain/job-routing";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { HOLDING_RESTORES, pickInstancePort, withInstancePlaceLock } from "@/lib/restores/instance-port";
import type { RestoreRequestInput } from "@/lib/domain/restore-input";
import { claimBackup } from "@/lib/backups/backup-claim";
import { restoreRepository, type RepositoryChoice } from "@/lib/restores/restore-repository";
import type { RankedRepository } from "@/lib/domain/restore-repository";
import { pickWorkerHost } from "@/lib/workers/pick-worker-host";

export interface RestorePlanView {
  backupId: string;
  /** The repository the backup and WAL are read from, and why that one. */
  repositoryId: string;
  repositoryReason: string;
  /** The cluster's repositories, fastest first: whether each holds the target, how fast it reads. */
  repositories: RankedRepository[];
  reason: string;
  timeline: number;
  targetLsn: string | null;
  walBytesToReplay: number;
  estimate: RestoreEstimate | null;
  dataDir: string;
  port: number;
  /** The worker host that runs the restore and holds the copy; null: any (no worker is live yet). */
  workerHost: string | null;
}

/**
 * Validates a restore against the cluster's recoverable window before anything starts (a target
 * outside it is a 422 naming the nearest recoverable moments), proposes a directory and a port,
 * refuses a directory or port another restore is using, then records the restore and its job.
 */
export async function requestRestore(
  db: Db,
  queue: Queue,
  opts: {
    clusterId: string;
    input: RestoreRequestInput;
    userId: string;
    restore: { roots: string[]; ports: { from: number; to: number } };
    /** This installation's default worker host (WAYBACK_WORKER_HOST of the caller). */
    workerHost?: string;
  },
): Promise<{ plan: RestorePlanView; restore: Restore | null }> {
  const { clusterId, input } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!cluster) throw notFound("The cluster");
  const { result, estimate } = await planForCluster(db, {
    clusterId,
    target: input.target,
    backupId: input.backupId,
    timeline: input.timeline,
  });
  if (!result.ok) throw planRefusal(result.error);
  const plan = result.plan;
  const { backupId, timeline, targetLsn } = plan;
  const repository = await restoreRepository(db, { clusterId, backupId, timeline, targetLsn, requested: input.repositoryId });
  const { repositoryId } = repository;

  const dest = input.destination;
  if (dest.kind === "in_place") {
    assertInPlaceAllowed(cluster);
    // A dry run changes nothing: the form previews the plan while the name is still being typed.
    if (!input.dryRun) assertNameConfirmed({ typed: dest.confirm, name: cluster.name, what: "cluster", field: "destination.confirm" });
  }

  // In place runs where the cluster's data directory is, live worker or not (the job waits for one).
  const inPlace = dest.kind === "in_place" ? inPlaceHost(cluster, input.workerHost) : null;
  const workerHost = await pickWorkerHost(db, {
    queuePrefix: queue.opts.prefix ?? "",
    bound: inPlace ?? (await routeJob(db, "restore", clusterId, { repositoryIds: [repositoryId] })),
    preferred: opts.workerHost,
    requested: inPlace === null ? input.workerHost : undefined,
  });

  return withInstancePlaceLock(db, async (tx) => {
    const active = await tx.restore.findMany({ where: HOLDING_RESTORES, select: { dataDir: true, port: true } });
    const { dataDir, port } =
      dest.kind === "in_place"
        ? { dataDir: cluster.localDataDir!, port: cluster.port }
        : {
            dataDir:
              dest.dataDir ??
              path.join(
                opts.restore.roots[0] ?? "/var/lib/wayback/restores",
                `${slug(cluster.name)}-${stamp(new Date())}-${randomBytes(3).toString("hex")}`,
              ),
            port: dest.port ?? (await pickInstancePort(tx, opts.restore.ports)),
          };
    if (dest.kind === "new_instance" && !isInsideRoots(dataDir, opts.restore.roots)) {
      throw new AppError("validation_failed", "That directory is outside the allowed restore roots.", {
        "destination.dataDir": [`Restores go under ${opts.restore.roots.join(", ")} (WAYBACK_RESTORE_ROOTS).`],
      });
    }
    if (active.some((a) => a.dataDir === dataDir)) {
      throw new AppError("conflict", `Another restore is using ${dataDir}.`, {
        "destination.dataDir": ["Another restore is using this directory."],
      });
    }
    if (active.some((a) => a.port === port)) {
      throw new AppError("conflict", `Another restore is using port ${port}.`, {
        "destination.port": ["Another restore is using this port."],
      });
    }
    const view = { ...planView(plan, repository, estimate, dataDir, port), workerHost };
    if (input.dryRun) return { plan: view, restore: null };

    await claimBackup(tx, clusterId, plan.backupId);
    const job = await recordJob(tx, "restore", { clusterId, route: { localHost: workerHost, repositoryIds: [repositoryId] } });
    const restore = await tx.restore.create({
      data: {
        clusterId,
        jobId: job.id,
        requestedById: opts.userId,
        targetKind: plan.recovery.target,
        targetValue: plan.recovery.value,
        inclusive: plan.recovery.inclusive,
        timeline: plan.timeline,
        backupId: plan.backupId,
        repositoryId,
        planReason: plan.reason,
        targetLsn: plan.targetLsn === null ? null : formatLsn(plan.targetLsn),
        estimatedSeconds: estimate ? Math.round(estimate.seconds) : null,
        destination: dest.kind,
        dataDir,
        port,
        pauseAtTarget: input.pauseAtTarget,
        workerHost,
      },
    });
    return { plan: view, restore, job };
  }).then(async (r) => {
    if ("job" in r && r.job) await dispatchJob(db, queue, r.job);
    return { plan: r.plan, restore: r.restore };
  });
}

/** A target the plan refuses (outside the window, in a gap…): a 422 naming the nearest recoverable moments. */
export function planRefusal(error: Extract<PlanRestoreResult, { ok: false }>["error"]): AppError {
  const { nearest } = error;
  return new AppError(
    "not_ready",
    error.message,
    { target: [error.message] },
    {
      reason: error.code,
      ...(nearest.before ? { nearestBefore: nearest.before.time.toISOString() } : {}),
      ...(nearest.after ? { nearestAfter: nearest.after.time.toISOString() } : {}),
    },
  );
}

/** In place overwrites production: only for a cluster whose data directory is on the worker's host. */
function assertInPlaceAllowed(cluster: { localDataDir: string | null }): void {
  if (!cluster.localDataDir) {
    throw new AppError(
      "validation_failed",
      "This cluster's data directory is not known to Wayback: set it on the cluster's edit page to restore in place.",
      {
        "destination.kind": ["In-place restores need the cluster's data directory on the worker's host."],
      },
    );
  }
}

function planView(
  plan: RestorePlan,
  repository: RepositoryChoice,
  estimate: RestoreEstimate | null,
  dataDir: string,
  port: number,
): Omit<RestorePlanView, "workerHost"> {
  return {
    backupId: plan.backupId,
    repositoryId: repository.repositoryId,
    repositoryReason: repository.reason,
    repositories: repository.ranked,
    reason: plan.reason,
    timeline: plan.timeline,
    targetLsn: plan.targetLsn === null ? null : formatLsn(plan.targetLsn),
    walBytesToReplay: Number(plan.walBytesToReplay),
    estimate,
    dataDir,
    port,
  };
}

// Directory names from cluster names: data is data, so only a safe subset of characters survives.
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40) || "cluster";
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
