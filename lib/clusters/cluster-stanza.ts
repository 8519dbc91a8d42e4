// A pgBackRest cluster's stanza as the cluster page shows it: its config file and the exact
// archive_command to set on the database server (decision 0029).
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { archiveCommandFor } from "@/lib/domain/pgbackrest-config";
import { ownedStanzaDir } from "@/lib/engines/cluster-engine";
import { AppError, notFound } from "@/lib/errors/app-error";
import { STANZA_CONFIG_FILE } from "@/lib/pgbackrest/write-stanza-config";

export interface ClusterStanzaView {
  stanza: string;
  /** The config every pgBackRest command reads: the imported stanza's own, or the one Wayback writes. */
  configPath: string;
  imported: boolean;
  archiveCommand: string;
}

export async function getClusterStanza(db: Db, clusterId: string, spoolDir: string): Promise<ClusterStanzaView> {
  const c = await db.cluster.findUnique({ where: { id: clusterId }, select: { pgbackrestStanza: true, pgbackrestConfigPath: true } });
  if (!c) throw notFound("The cluster");
  if (!c.pgbackrestStanza)
    throw new AppError(
      "not_found",
      "This cluster uses Wayback's own engine: it has no pgBackRest stanza (import one, or edit its engine).",
    );
  const configPath = c.pgbackrestConfigPath ?? path.join(ownedStanzaDir(spoolDir, clusterId), STANZA_CONFIG_FILE);
  return {
    stanza: c.pgbackrestStanza,
    configPath,
    imported: c.pgbackrestConfigPath !== null,
    archiveCommand: archiveCommandFor(configPath, c.pgbackrestStanza),
  };
}
