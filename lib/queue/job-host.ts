import type { DbClient } from "@/lib/db/client";
import { jobHost, PGBACKREST_JOB_TYPES, repositoryScope } from "@/lib/domain/job-routing";
import type { JobType } from "@/lib/queue/job-types";

/**
 * What a caller knows about where a job's files are, beyond its type and cluster: the
 * repositories it reads when they are not the type's usual ones (a restore from a copy, a test of
 * one repository), and the host of its local instance.
 */
export interface JobRoute {
  repositoryIds?: string[];
  localHost?: string | null;
}

/**
 * The worker host that must run a job (null: any), by the pure rule of lib/domain/job-routing.ts
 * applied to the repositories it touches, read here from the catalog.
 */
export async function routeJob(db: DbClient, type: JobType, clusterId: string | null, route: JobRoute = {}): Promise<string | null> {
  const ids = route.repositoryIds ?? (await scopeRepositoryIds(db, type, clusterId));
  const repositories = ids.length
    ? await db.repository.findMany({ where: { id: { in: ids } }, select: { name: true, kind: true, workerHost: true } })
    : [];
  return jobHost({ localHost: route.localHost, stanzaHost: await stanzaHost(db, type, clusterId), repositories });
}

/** A pgBackRest cluster's data directory host, for the job types that run pgbackrest there. */
async function stanzaHost(db: DbClient, type: JobType, clusterId: string | null): Promise<string | null> {
  if (!clusterId || !PGBACKREST_JOB_TYPES.has(type)) return null;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { engine: true, localDataDirHost: true } });
  return cluster?.engine === "pgbackrest" ? cluster.localDataDirHost : null;
}

async function scopeRepositoryIds(db: DbClient, type: JobType, clusterId: string | null): Promise<string[]> {
  const scope = repositoryScope(type);
  if (scope === "none" || !clusterId) return [];
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: { repositoryId: true, copyRepositories: { select: { repositoryId: true } } },
  });
  if (!cluster?.repositoryId) return [];
  return scope === "all" ? [cluster.repositoryId, ...cluster.copyRepositories.map((c) => c.repositoryId)] : [cluster.repositoryId];
}
