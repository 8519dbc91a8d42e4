// The one place a job learns which engine serves its cluster (decision 0029): null for Wayback's
// own (the processors' own steps), the pgBackRest engine over the cluster's stanza otherwise.
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { BackupEngine } from "@/lib/engines/engine";
import { pgBackRestEngine } from "@/lib/engines/pgbackrest-engine";
import { resolveServerUser } from "@/lib/pg/os-user";
import { STANZA_CONFIG_FILE } from "@/lib/pgbackrest/write-stanza-config";

/** Where the worker keeps the stanza config it writes and owns for a cluster (lock and spool beside it). */
export function ownedStanzaDir(spoolDir: string, clusterId: string): string {
  return path.join(spoolDir, "pgbackrest", clusterId);
}

export async function clusterEngine(
  db: Db,
  clusterId: string,
  config: { spoolDir: string; pg: { osUser: string } },
): Promise<BackupEngine | null> {
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: clusterId },
    select: { engine: true, repositoryId: true, pgbackrestStanza: true, pgbackrestConfigPath: true, localDataDir: true },
  });
  if (cluster.engine === "wayback") return null;
  if (!cluster.repositoryId) throw new Error("This pgBackRest cluster has no repository: assign one on the cluster's edit page.");
  return pgBackRestEngine(
    db,
    {
      id: clusterId,
      repositoryId: cluster.repositoryId,
      pgbackrestStanza: cluster.pgbackrestStanza!,
      localDataDir: cluster.localDataDir,
      pgbackrestConfigPath: cluster.pgbackrestConfigPath ?? path.join(ownedStanzaDir(config.spoolDir, clusterId), STANZA_CONFIG_FILE),
    },
    await resolveServerUser(config.pg.osUser),
  );
}
