// Records a pgBackRest stanza's sets as the cluster's backups rows (kind, parent, LSNs, times,
// sizes), and removes the rows of sets the stanza no longer lists, so the timeline, restore
// planner, retention and the backups list read pgBackRest backups as they read native ones.
import type { Db } from "@/lib/db/client";
import { planCatalogSync } from "@/lib/domain/pgbackrest-catalog";
import type { PgBackRestStanza } from "@/lib/domain/pgbackrest-info";
import type { Stanza } from "@/lib/pgbackrest/run-pgbackrest";
import { readStanzaInfo } from "@/lib/pgbackrest/stanza-commands";

export interface SyncedStanza {
  info: PgBackRestStanza;
  created: number;
  removed: number;
}

export async function syncStanzaCatalog(
  db: Db,
  opts: { clusterId: string; repositoryId: string; stanza: Stanza; signal?: AbortSignal },
): Promise<SyncedStanza> {
  const info = await readStanzaInfo(opts.stanza, { signal: opts.signal });
  const rows = await db.backup.findMany({ where: { clusterId: opts.clusterId }, select: { id: true, label: true, startedAt: true } });
  const plan = planCatalogSync(info.sets, rows);
  const idOf = new Map(rows.map((r) => [r.label, r.id]));
  for (const set of plan.create) {
    const parentBackupId = set.parentLabel ? idOf.get(set.parentLabel) : undefined;
    if (set.parentLabel && !parentBackupId)
      throw new Error(`pgBackRest set ${set.label} names a parent ${set.parentLabel} that info does not list.`);
    const row = await db.backup.create({
      data: {
        clusterId: opts.clusterId,
        repositoryId: opts.repositoryId,
        status: "complete",
        label: set.label,
        kind: set.kind,
        parentBackupId: parentBackupId ?? null,
        compression: "zstd",
        startedAt: set.startedAt,
        finishedAt: set.stoppedAt,
        stopTime: set.stoppedAt,
        startLsn: set.startLsn,
        stopLsn: set.stopLsn,
        timeline: set.timeline,
        databaseSizeBytes: set.databaseSizeBytes,
        storedSizeBytes: set.storedSizeBytes,
        pgVersion: info.pgVersion,
        systemIdentifier: info.systemIdentifier,
        error: set.error ? "pgBackRest found page checksum errors while copying this set." : null,
      },
      select: { id: true },
    });
    idOf.set(set.label, row.id);
  }
  for (const id of plan.remove) await db.backup.delete({ where: { id } });
  return { info, created: plan.create.length, removed: plan.remove.length };
}
