import { randomBytes } from "node:crypto";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { Db } from "@/lib/db/client";

/**
 * `count` clusters made with the createCluster verb for catalog-only benches: a database host that
 * is never reached, backing up into one posix repository that does not exist. Names are
 * `<prefix>-<tag>-<n>`, the tag random so runs on one catalog do not collide.
 */
export async function createPlaceholderClusters(
  db: Db,
  opts: { prefix: string; count: number; secretKey?: Buffer },
): Promise<{ clusterIds: string[]; repositoryId: string }> {
  const tag = randomBytes(3).toString("hex");
  const name = `${opts.prefix}-${tag}`;
  const repository = await db.repository.create({ data: { name, kind: "posix", path: `/nonexistent/${name}` } });
  const secretKey = opts.secretKey ?? randomBytes(32);
  const width = String(Math.max(0, opts.count - 1)).length;
  const clusterIds: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const { id } = await createCluster(db, {
      input: {
        name: `${name}-${String(i).padStart(width, "0")}`,
        host: "db.example.internal",
        port: 5432,
        username: "wayback",
        password: "not-used",
        sslmode: "disable",
        repositoryId: repository.id,
      },
      secretKey,
    });
    clusterIds.push(id);
  }
  return { clusterIds, repositoryId: repository.id };
}
