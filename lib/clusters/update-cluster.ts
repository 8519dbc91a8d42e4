import type { Db } from "@/lib/db/client";
import type { Cluster } from "@/lib/db/generated/client";
import type { ClusterUpdateInput } from "@/lib/domain/cluster-input";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { assertEngineFits, assertNameFree, assertRepositoryExists, passwordContext } from "@/lib/clusters/create-cluster";
import { assertArchivingFits } from "@/lib/clusters/assert-archiving-fits";
import { toDbSslMode } from "@/lib/clusters/ssl-mode";
import { toDbBackupFrom } from "@/lib/clusters/backup-from";
import { stanzaNameFor } from "@/lib/domain/pgbackrest-config";
import { AppError, notFound } from "@/lib/errors/app-error";

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
  const engine = await engineChange(db, current, input);
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
      localDataDirHost: input.localDataDirHost,
      rpoTargetSeconds: input.rpoTargetSeconds,
      synchronousReceive: input.synchronousReceive,
      backupEveryHours: input.backupEveryHours,
      ...engine,
      passwordEncrypted: password,
      // The running receiver watches this and reconnects with the new settings (watchConnectionVersion).
      connectionVersion: connectionChanged || receiveChanged ? { increment: 1 } : undefined,
    },
  });
  return { connectionChanged };
}

/**
 * The engine columns an edit sets. The engine changes only while the cluster has no backups (one
 * engine cannot read the other's); a pgBackRest cluster whose config Wayback owns needs its data
 * directory and archive_command archiving, whatever else the edit changes.
 */
async function engineChange(
  db: Db,
  current: Cluster,
  input: ClusterUpdateInput,
): Promise<Pick<Cluster, "engine" | "pgbackrestStanza" | "pgbackrestConfigPath"> | Record<string, never>> {
  const engine = input.engine ?? current.engine;
  if (current.pgbackrestConfigPath === null) {
    assertEngineFits({
      engine,
      walMode: input.walMode ?? current.walMode,
      localDataDir: input.localDataDir === undefined ? current.localDataDir : input.localDataDir,
    });
  }
  if (engine === current.engine) return {};
  if ((await db.backup.count({ where: { clusterId: current.id } })) > 0) {
    const message = `This cluster has backups taken by its ${current.engine === "pgbackrest" ? "pgBackRest" : "Wayback"} engine, which the other engine cannot read: the engine changes only on a cluster without backups (register a new cluster for the other engine).`;
    throw new AppError("validation_failed", message, { engine: [message] });
  }
  return engine === "pgbackrest"
    ? { engine, pgbackrestStanza: stanzaNameFor(input.name ?? current.name), pgbackrestConfigPath: null }
    : { engine, pgbackrestStanza: null, pgbackrestConfigPath: null };
}
