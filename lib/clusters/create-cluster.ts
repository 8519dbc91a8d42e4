import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { clusterCreateInput, engineIssues, type ClusterCreateFields } from "@/lib/domain/cluster-input";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { assertArchivingFits } from "@/lib/clusters/assert-archiving-fits";
import { toDbSslMode } from "@/lib/clusters/ssl-mode";
import { toDbBackupFrom } from "@/lib/clusters/backup-from";
import { AppError } from "@/lib/errors/app-error";
import { stanzaNameFor } from "@/lib/domain/pgbackrest-config";

export const passwordContext = (clusterId: string) => `cluster:${clusterId}:password`;

export async function createCluster(db: Db, opts: { input: ClusterCreateFields; secretKey: Buffer }): Promise<{ id: string }> {
  const input = clusterCreateInput.parse(opts.input);
  const { secretKey } = opts;
  assertEngineFits(input);
  await assertNameFree(db, input.name);
  const id = randomUUID();
  const repositoryId = input.repositoryId ?? (await db.repository.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } }))?.id;
  if (input.repositoryId) await assertRepositoryExists(db, input.repositoryId);
  await assertArchivingFits(db, repositoryId, input.walMode);
  await db.cluster.create({
    data: {
      id,
      name: input.name,
      host: input.host,
      port: input.port,
      otherHosts: input.otherHosts,
      backupFrom: toDbBackupFrom(input.backupFrom),
      database: input.database,
      username: input.username,
      sslmode: toDbSslMode(input.sslmode),
      repositoryId,
      compression: input.compression,
      walMode: input.walMode,
      backupMaxRateKb: input.backupMaxRateKb ?? null,
      localDataDir: input.localDataDir ?? null,
      localDataDirHost: input.localDataDirHost ?? null,
      rpoTargetSeconds: input.rpoTargetSeconds,
      synchronousReceive: input.synchronousReceive,
      backupEveryHours: input.backupEveryHours,
      engine: input.engine,
      // Wayback writes and owns this stanza's config (decision 0029).
      pgbackrestStanza: input.engine === "pgbackrest" ? stanzaNameFor(input.name) : null,
      passwordEncrypted: input.password ? encryptSecret(input.password, secretKey, passwordContext(id)) : null,
    },
  });
  return { id };
}

export async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const other = await db.cluster.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new AppError("conflict", `A cluster named "${name}" already exists.`, { name: ["Another cluster already has this name."] });
  }
}

/** A pgBackRest cluster whose config Wayback writes needs its data directory and archive_command archiving. */
export function assertEngineFits(cluster: Parameters<typeof engineIssues>[0]): void {
  const issues = engineIssues(cluster);
  if (issues.length === 0) return;
  throw new AppError(
    "validation_failed",
    issues.map((i) => i.message).join(" "),
    Object.fromEntries(issues.map((i) => [i.path[0]!, [i.message]])),
  );
}

export async function assertRepositoryExists(db: Db, id: string): Promise<void> {
  if (!(await db.repository.findUnique({ where: { id }, select: { id: true } }))) {
    throw new AppError("validation_failed", "That repository does not exist.", { repositoryId: ["Choose an existing repository."] });
  }
}
