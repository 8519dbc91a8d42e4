import path from "node:path";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { ClusterCreateFields } from "@/lib/domain/cluster-input";
import { shareRepositoryWithServers } from "@/lib/embedded/repository-permissions";
import type { BenchEnv } from "./env";

/** A posix repository in a directory of the bench's own that the servers' OS user can write. */
export async function benchPosixRepository(env: BenchEnv, opts: { name: string; dir?: string }) {
  const dir = opts.dir ?? path.join(env.dir, opts.name);
  await shareRepositoryWithServers(dir, env.osUser);
  return env.db.repository.create({ data: { name: opts.name, kind: "posix", path: dir } });
}

/**
 * The bench's source registered as a cluster through the product's own verb, as its superuser
 * over loopback without TLS, streaming WAL unless `input` says otherwise. Returns its id.
 */
export async function registerSource(
  env: BenchEnv,
  input: Pick<ClusterCreateFields, "name" | "repositoryId"> & Partial<ClusterCreateFields>,
): Promise<string> {
  const { spec, password } = env.source;
  const { id } = await createCluster(env.db, {
    input: { host: "127.0.0.1", port: spec.port, username: "postgres", password, sslmode: "disable", walMode: "streaming", ...input },
    secretKey: env.cfg.secretKey,
  });
  return id;
}
