import type { Db } from "@/lib/db/client";
import type { Cluster } from "@/lib/db/generated/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { passwordContext } from "@/lib/clusters/create-cluster";
import type { SslMode } from "@/lib/domain/cluster-input";
import { chooseHost, databaseHosts, type HostProbe, type HostWish } from "@/lib/domain/database-hosts";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { probeHosts } from "@/lib/pg/probe-hosts";
import { AppError, notFound } from "@/lib/errors/app-error";

/**
 * How the worker connects to a cluster, with its password decrypted for this use only. `wish`
 * says which database host (docs/decisions/0025): a cluster with one host is connected to as it
 * is; with several, every host is asked its role now and the one libpq's target_session_attrs
 * would pick is taken, so a connection made after a failover lands on the new primary.
 */
export async function connectionTarget(
  db: Db,
  clusterId: string,
  secretKey: Buffer,
  wish: HostWish = "primary",
): Promise<ConnectionTarget> {
  const { cluster, target } = await firstHostTarget(db, clusterId, secretKey);
  if (cluster.otherHosts.length === 0) return target;
  const chosen = chooseHost(await probeHosts(target, databaseHosts(cluster)), wish);
  if (!chosen.host) throw new AppError("not_ready", chosen.reason);
  return { ...target, ...chosen.host };
}

/** Every database host's role now, for a cluster with several; null for a one-host cluster. */
export async function probeClusterHosts(db: Db, clusterId: string, secretKey: Buffer, signal?: AbortSignal): Promise<HostProbe[] | null> {
  const { cluster, target } = await firstHostTarget(db, clusterId, secretKey);
  return cluster.otherHosts.length === 0 ? null : probeHosts(target, databaseHosts(cluster), signal);
}

async function firstHostTarget(db: Db, clusterId: string, secretKey: Buffer): Promise<{ cluster: Cluster; target: ConnectionTarget }> {
  const c = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!c) throw notFound("The cluster");
  const target: ConnectionTarget = {
    host: c.host,
    port: c.port,
    database: c.database,
    username: c.username,
    password: c.passwordEncrypted ? decryptSecret(c.passwordEncrypted, secretKey, passwordContext(c.id)) : null,
    sslmode: c.sslmode.replace("_", "-") as SslMode,
  };
  return { cluster: c, target };
}
