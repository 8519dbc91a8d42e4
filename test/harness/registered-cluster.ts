import { createCluster } from "@/lib/clusters/create-cluster";
import type { Db } from "@/lib/db/client";
import type { ClusterCreateFields } from "@/lib/domain/cluster-input";
import { uniqueName } from "@/test/harness/catalog";
import type { TestCluster } from "@/test/harness/cluster";

/**
 * `source` registered in the catalog as the product registers a cluster (createCluster: password
 * sealed with `secretKey`), logging in as its superuser over TCP without TLS, archiving into
 * `repositoryId`. `name` gets a unique suffix; `input` overrides any field (walMode, a login role).
 * Returns the cluster's id. With walMode "streaming" (the default) a running supervisor starts its
 * receiver.
 */
export async function registerTestCluster(
  db: Db,
  opts: {
    secretKey: Buffer;
    source: Pick<TestCluster, "host" | "port" | "superuser" | "password">;
    name: string;
    /** Absent: the oldest repository, as createCluster picks. */
    repositoryId?: string;
    input?: Partial<ClusterCreateFields>;
  },
): Promise<string> {
  const { source } = opts;
  const { id } = await createCluster(db, {
    input: {
      name: uniqueName(opts.name),
      host: source.host,
      port: source.port,
      username: source.superuser,
      password: source.password,
      sslmode: "disable",
      repositoryId: opts.repositoryId,
      walMode: "streaming",
      ...opts.input,
    },
    secretKey: opts.secretKey,
  });
  return id;
}
