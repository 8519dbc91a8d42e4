import type { Repository } from "@/lib/db/generated/client";

export interface RepositoryView {
  id: string;
  name: string;
  kind: "posix";
  path: string;
  clusterCount: number;
  backupCount: number;
  createdAt: string;
}

export function presentRepository(r: Repository & { _count: { clusters: number; backups: number } }): RepositoryView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    path: r.path,
    clusterCount: r._count.clusters,
    backupCount: r._count.backups,
    createdAt: r.createdAt.toISOString(),
  };
}
