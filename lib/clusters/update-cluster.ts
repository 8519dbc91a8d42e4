import type { Db } from "@/lib/db/client";
import type { ClusterUpdateInput } from "@/lib/domain/cluster-input";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { assertNameFree, assertRepositoryExists, passwordContext } from "@/lib/clusters/create-cluster";
import { assertArchivingFits } from "@/lib/clusters/assert-archiving-fits";
import { toDbSslMode } from "@/lib/clusters/ssl-mode";
import { toDbBackupFrom } from "@/lib/clusters/backup-from";
import { notFound } from "@/lib/errors/app-error";

/**
 * Returns whether anything that decides how to connect changed (so a new check is due); when it
 * did, the cluster's connection version goes up so long-lived connections reconnect.
 */
export async function updateCluster(
  db: Db,
  opts: { id: string; input: ClusterUpdateInput; secretKey: Buffer },
): Promise<{ connectionChanged: boolean }> {
  const { id, input, secretKey } = opts;
  const current = await db.cluster.findUnique({ where: { id } });
  if (!current) throw notFound("The cluster");
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  if (input.repositoryId !== undefined) await assertRepositoryExists(db, input.repositoryId);
  await assertArchivingFits(db, input.repositoryId ?? current.repositoryId, input.walMode ?? current.walMode);
  const password =
    input.password === undefined
      ? undefined
      : input.password === null || input.password === ""
        ? null
        : encryptSecret(input.password, secretKey, passwordContext(id));
  const changed = (["host", "port", "database", "username"] as const).some((k) => input[k] !== undefined && input[k] !== current[k]);
  const hostsChanged = input.otherHosts !== undefined && input.otherHosts.join(",") !== current.otherHosts.join(",");
  // pg_receivewal takes --synchronous when it starts: the receiver reconnects for a change too.
  const receiveChanged = input.synchronousReceive !== undefined && input.synchronousReceive !== current.synchronousReceive;
  const connectionChanged =
    changed || hostsChanged || password !== undefined || (input.sslmode !== undefined && toDbSslMode(input.sslmode) !== current.sslmode);
  await db.cluster.update({
    where: { id },
    data: {
      name: input.name,
      host: input.host,
      port: input.port,
      otherHosts: input.otherHosts,
      backupFrom: input.backupFrom === undefined ? undefined : toDbBackupFrom(input.backupFrom),
      database: input.database,
      username: input.username,
      sslmode: input.sslmode === undefined ? undefined : toDbSslMode(input.sslmode),
      repositoryId: input.repositoryId,
      compression: input.compression,
      walMode: input.walMode,
      backupMaxRateKb: input.backupMaxRateKb,
      localDataDir: input.localDataDir,
      rpoTargetSeconds: input.rpoTargetSeconds,
      synchronousReceive: input.synchronousReceive,
      backupEveryHours: input.backupEveryHours,
      passwordEncrypted: password,
      // The running receiver watches this and reconnects with the new settings (watchConnectionVersion).
      connectionVersion: connectionChanged || receiveChanged ? { increment: 1 } : undefined,
    },
  });
  return { connectionChanged };
}
