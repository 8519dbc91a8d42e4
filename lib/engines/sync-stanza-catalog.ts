// Records a pgBackRest stanza's sets as the cluster's backups rows (kind, parent, LSNs, times,
// sizes), and removes the rows of sets the stanza no longer lists, so the timeline, restore
// planner, retention and the backups list read pgBackRest backups as they read native ones.
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Db, DbClient } from "@/lib/db/client";
import { archiveSpans, planCatalogSync } from "@/lib/domain/pgbackrest-catalog";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
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
  // Jobs and the archive supervisor sync the same cluster: one at a time, under the lock restores,
  // drills and retention take on its backups, so a set is recorded once and never removed under a claim.
  return db.$transaction((tx) => recordStanza(tx, { ...opts, info }), { timeout: 600_000 });
}

async function recordStanza(
  db: DbClient,
  opts: { clusterId: string; repositoryId: string; info: PgBackRestStanza },
): Promise<SyncedStanza> {
  const { info } = opts;
  await lockForTransaction(db, advisoryLocks.clusterBackups(opts.clusterId));
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
  await syncArchiveRows(db, opts.clusterId, info);
  return { info, created: plan.create.length, removed: plan.remove.length };
}

/**
 * The stanza's archive as the cluster's wal_segments rows (their ranges follow by trigger), so the
 * timeline, restore planner and alerts read it as they read Wayback's own. pgBackRest keeps its
 * own checksums: the rows carry none. Rows outside the archive (expired since) go.
 */
async function syncArchiveRows(db: DbClient, clusterId: string, info: PgBackRestStanza): Promise<void> {
  const spans = archiveSpans(info.archive);
  await db.walSegment.deleteMany({
    where: { clusterId, NOT: { OR: spans.map((s) => ({ timeline: s.timeline, segno: { gte: s.fromSegno, lte: s.toSegno } })) } },
  });
  for (const span of spans) {
    const known = await db.walSegment.aggregate({
      where: { clusterId, timeline: span.timeline, segno: { gte: span.fromSegno, lte: span.toSegno } },
      _min: { segno: true },
      _max: { segno: true },
    });
    // The archive grows at its end (and, imported, may reach below what was recorded).
    const missing =
      known._min.segno === null
        ? [[span.fromSegno, span.toSegno]]
        : [
            [span.fromSegno, known._min.segno - 1n],
            [known._max.segno! + 1n, span.toSegno],
          ];
    for (const [from, to] of missing) {
      for (let start = from!; start <= to!; start += 1000n) {
        const end = start + 999n < to! ? start + 999n : to!;
        const data = [];
        for (let segno = start; segno <= end; segno++) {
          data.push({
            clusterId,
            name: segmentName(span.timeline, segno),
            timeline: span.timeline,
            segno,
            sizeBytes: BigInt(DEFAULT_WAL_SEGMENT_SIZE),
            sha256: "",
            source: "push" as const,
          });
        }
        await db.walSegment.createMany({ data, skipDuplicates: true });
      }
    }
  }
}
