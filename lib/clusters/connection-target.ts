import type { Db } from "@/lib/db/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { passwordContext } from "@/lib/clusters/create-cluster";
import type { SslMode } from "@/lib/domain/cluster-input";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { notFound } from "@/lib/errors/app-error";

/** How the worker connects to a cluster, with its password decrypted for this use only. */
export async function connectionTarget(db: Db, clusterId: string, secretKey: Buffer): Promise<ConnectionTarget> {
  const c = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!c) throw notFound("The cluster");
  return {
    host: c.host,
    port: c.port,
    database: c.database,
    username: c.username,
    password: c.passwordEncrypted ? decryptSecret(c.passwordEncrypted, secretKey, passwordContext(c.id)) : null,
    sslmode: c.sslmode.replace("_", "-") as SslMode,
  };
}
