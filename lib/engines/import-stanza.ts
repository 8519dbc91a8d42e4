// Registers an existing pgBackRest stanza for a cluster (config path and stanza name): the cluster
// becomes a pgBackRest cluster and the stanza's sets become its backups. Nothing is written to the
// stanza, its config or its repository: Wayback only reads until the user turns scheduling on.
import { access, constants } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import { isStanzaName } from "@/lib/domain/pgbackrest-config";
import { AppError } from "@/lib/errors/app-error";
import type { OsUser } from "@/lib/pg/os-user";
import { syncStanzaCatalog, type SyncedStanza } from "@/lib/engines/sync-stanza-catalog";

export async function importStanza(
  db: Db,
  opts: { clusterId: string; configPath: string; stanzaName: string; osUser?: OsUser; signal?: AbortSignal },
): Promise<SyncedStanza> {
  if (!isStanzaName(opts.stanzaName))
    throw new AppError("validation_failed", `Not a pgBackRest stanza name (letters, digits, '-', '_'): ${opts.stanzaName}`);
  await access(opts.configPath, constants.R_OK).catch(() => {
    throw new AppError(
      "validation_failed",
      `The worker cannot read the stanza config ${opts.configPath}: give the path of a pgbackrest.conf on its host.`,
    );
  });
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: opts.clusterId }, select: { repositoryId: true } });
  if (!cluster.repositoryId)
    throw new AppError("not_ready", "Give the cluster a repository first: its backups rows are recorded against it.");
  const stanza = { name: opts.stanzaName, configPath: opts.configPath, osUser: opts.osUser };
  // Read first: a stanza pgBackRest cannot read is refused before the cluster changes.
  const synced = await syncStanzaCatalog(db, {
    clusterId: opts.clusterId,
    repositoryId: cluster.repositoryId,
    stanza,
    signal: opts.signal,
  });
  await db.cluster.update({
    where: { id: opts.clusterId },
    data: { engine: "pgbackrest", pgbackrestStanza: opts.stanzaName, pgbackrestConfigPath: opts.configPath },
  });
  return synced;
}
