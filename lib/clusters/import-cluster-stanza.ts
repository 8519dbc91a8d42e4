import type { Db } from "@/lib/db/client";
import type { StanzaImportInput } from "@/lib/domain/stanza-import-input";
import { importStanza } from "@/lib/engines/import-stanza";
import { AppError, notFound } from "@/lib/errors/app-error";
import { resolveServerUser } from "@/lib/pg/os-user";

/**
 * "Import a pgBackRest stanza" for a registered cluster: refused, changing nothing, when the
 * cluster already has backups (one engine cannot read the other's sets) or pgBackRest cannot read
 * the stanza; otherwise the cluster becomes a pgBackRest cluster on that stanza, archiving with
 * the stanza's own archive_command, and its sets become its backups. The stanza is only read.
 */
export async function importClusterStanza(
  db: Db,
  opts: { clusterId: string; input: StanzaImportInput; osUser: string },
): Promise<{ backups: number }> {
  const cluster = await db.cluster.findUnique({ where: { id: opts.clusterId }, select: { engine: true, pgbackrestConfigPath: true } });
  if (!cluster) throw notFound("The cluster");
  if (cluster.engine === "pgbackrest" || (await db.backup.count({ where: { clusterId: opts.clusterId } })) > 0) {
    throw new AppError(
      "conflict",
      cluster.engine === "pgbackrest"
        ? "This cluster already backs up with pgBackRest: register a new cluster for another stanza."
        : "This cluster has backups of Wayback's own engine, which pgBackRest cannot read: import the stanza into a new cluster.",
    );
  }
  const synced = await importStanza(db, {
    clusterId: opts.clusterId,
    configPath: opts.input.configPath,
    stanzaName: opts.input.stanzaName,
    osUser: await resolveServerUser(opts.osUser),
  });
  // pgBackRest archives through the stanza's archive_command: no streaming receiver beside it.
  await db.cluster.update({ where: { id: opts.clusterId }, data: { walMode: "archive_command" } });
  return { backups: synced.info.sets.length };
}
