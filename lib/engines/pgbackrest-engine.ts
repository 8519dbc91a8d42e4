// The pgBackRest engine for one cluster: every verb is a pgBackRest command on the cluster's
// stanza followed by a catalog sync, so what pgBackRest holds is what the catalog shows.
import type { Db } from "@/lib/db/client";
import { archiveCommandFor, archiveGetCommandFor } from "@/lib/domain/pgbackrest-config";
import type { BackupEngine } from "@/lib/engines/engine";
import { syncStanzaCatalog } from "@/lib/engines/sync-stanza-catalog";
import type { OsUser } from "@/lib/pg/os-user";
import type { Stanza } from "@/lib/pgbackrest/run-pgbackrest";
import {
  archiveGet,
  backupStanza,
  checkStanza,
  createStanza,
  expireSet,
  restoreSetFiles,
  restoreStanza,
  verifyStanza,
} from "@/lib/pgbackrest/stanza-commands";

export function pgBackRestEngine(
  db: Db,
  cluster: { id: string; repositoryId: string; pgbackrestStanza: string; pgbackrestConfigPath: string; localDataDir?: string | null },
  osUser: OsUser | undefined,
): BackupEngine {
  const stanza: Stanza = {
    name: cluster.pgbackrestStanza,
    configPath: cluster.pgbackrestConfigPath,
    osUser,
    pgDataDir: cluster.localDataDir,
  };
  const sync = (signal?: AbortSignal) =>
    syncStanzaCatalog(db, { clusterId: cluster.id, repositoryId: cluster.repositoryId, stanza, signal });
  const labelOf = async (backupId: string) =>
    (await db.backup.findFirstOrThrow({ where: { id: backupId, clusterId: cluster.id }, select: { label: true } })).label;

  return {
    async setUp(opts = {}) {
      await createStanza(stanza, opts);
      await checkStanza(stanza, opts);
    },
    async backup(kind, opts = {}) {
      const label = await backupStanza(stanza, kind, opts);
      await sync(opts.signal);
      return (await db.backup.findFirstOrThrow({ where: { clusterId: cluster.id, label }, select: { id: true } })).id;
    },
    async listBackups(opts = {}) {
      await sync(opts.signal);
    },
    archiveCommand: () => archiveCommandFor(stanza.configPath, stanza.name),
    async restore({ backupId, target, dataDir, inPlace, ...opts }) {
      await restoreStanza(stanza, { target, setLabel: await labelOf(backupId), dataDir, inPlace }, opts);
    },
    async copyBase(backupId, { inPlace }) {
      const set = await db.backup.findFirstOrThrow({
        where: { id: backupId, clusterId: cluster.id },
        select: { label: true, storedSizeBytes: true },
      });
      return {
        storedBytes: Number(set.storedSizeBytes ?? 0n),
        restore: (dataDir, opts = {}) => restoreSetFiles(stanza, { setLabel: set.label, dataDir, inPlace }, opts),
        restoreCommand: (dataDir) => archiveGetCommandFor(stanza.configPath, stanza.name, dataDir),
      };
    },
    fetchWal: (name, destPath, opts = {}) => archiveGet(stanza, name, destPath, opts),
    verify: (opts = {}) => verifyStanza(stanza, opts),
    async expire(backupId, opts = {}) {
      await expireSet(stanza, await labelOf(backupId), opts);
      await sync(opts.signal);
    },
  };
}
