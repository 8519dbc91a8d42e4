import type { Db } from "@/lib/db/client";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";
import { UnrecoverableError } from "bullmq";

export interface CopyTarget {
  repositoryId: string;
  name: string;
  repo: Repository;
}

/** One copy job under way: where the cluster's WAL is read from and the repositories it copies to. */
export interface CopyRun {
  clusterId: string;
  /** The cluster's primary repository, where its WAL is archived. */
  primary: Repository;
  /**
   * Each backup (or dump) is read from the repository it lives in: the one it was taken into (the
   * primary at the time), or the copy repository retention handed it over to.
   */
  backupSource: (repositoryId: string) => Promise<Repository>;
  targets: CopyTarget[];
}

/** The copy job's first phase: the cluster's primary repository and its copy repositories, opened for writing on this host. */
export async function prepareCopyRun(db: Db, opts: { clusterId: string; config: StorageAccess }): Promise<CopyRun> {
  const storage = opts.config;
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: opts.clusterId },
    include: { repository: true, copyRepositories: { include: { repository: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!cluster.repository) throw new UnrecoverableError("This cluster has no primary repository to copy from.");
  const primaryRow = cluster.repository;
  return {
    clusterId: cluster.id,
    primary: openRepositoryForWriting(primaryRow, storage),
    backupSource: async (id) =>
      openRepositoryForWriting(id === primaryRow.id ? primaryRow : await db.repository.findUniqueOrThrow({ where: { id } }), storage),
    targets: cluster.copyRepositories.map(({ repository }) => ({
      repositoryId: repository.id,
      name: repository.name,
      repo: openRepositoryForWriting(repository, storage),
    })),
  };
}
