import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { isBelowCutoff, summariseRanges, type WalCutoff } from "@/lib/domain/wal-retention";
import { segmentOfLsn } from "@/lib/domain/wal-segment";
import { parseWalKey, walPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";

/**
 * Removes the WAL below the cutoff from the primary repository (`repos`), catalog first: a crash
 * after that leaves files nobody claims, which the next run removes (it lists the repository, not
 * the catalog), never catalog rows that promise WAL which is gone. A segment a copy repository
 * still holds keeps its row (restores from that copy need it); the others' rows go, with their
 * expiry record, and restore points no repository can reach any more go with them. History files stay.
 */
export async function removeWalBelow(
  db: Db,
  opts: { runId: string; clusterId: string; cutoff: WalCutoff; segmentSize: number; repos: Repository[]; reason: string },
): Promise<{ files: number; bytes: bigint }> {
  const { clusterId, cutoff, segmentSize } = opts;
  if (cutoff.keepFromSegno === null) return { files: 0, bytes: 0n };

  const below = { clusterId, segno: { lt: cutoff.keepFromSegno }, copies: { none: {} } };
  const rows = await db.walSegment.findMany({ where: below, select: { name: true, sizeBytes: true } });
  const sizes = new Map(rows.map((r) => [r.name, r.sizeBytes]));
  const points = await db.restorePoint.findMany({ where: { clusterId }, select: { name: true, lsn: true } });
  const heldSegnos = new Set(
    (
      await db.walSegment.findMany({
        where: { clusterId, segno: { lt: cutoff.keepFromSegno }, copies: { some: {} } },
        select: { segno: true },
      })
    ).map((s) => s.segno),
  );
  const lostPoints = points
    .map((p) => ({ name: p.name, segno: segmentOfLsn(parseLsn(p.lsn), segmentSize) }))
    .filter((p) => p.segno < cutoff.keepFromSegno! && !heldSegnos.has(p.segno))
    .map((p) => p.name);
  await db.$transaction([
    ...walExpiryRecords(db, { runId: opts.runId, clusterId, sizes, segmentSize, reason: opts.reason, finishedAt: null }),
    db.walSegment.deleteMany({ where: { ...below, name: { in: [...sizes.keys()] } } }),
    db.restorePoint.deleteMany({ where: { clusterId, name: { in: lostPoints } } }),
  ]);

  const removed = await removeWalFiles(opts.repos, { clusterId, cutoff, segmentSize });
  await db.expiry.updateMany({ where: { clusterId, kind: "wal", finishedAt: null }, data: { finishedAt: new Date() } });
  return removed;
}

/** The WAL files below the cutoff in each repository, found by listing it (history files stay). */
export async function removeWalFiles(
  repos: Repository[],
  opts: { clusterId: string; cutoff: WalCutoff; segmentSize: number },
): Promise<{ files: number; bytes: bigint }> {
  let files = 0;
  let bytes = 0n;
  for (const repo of repos) {
    for await (const object of repo.list(walPrefix(opts.clusterId))) {
      const parsed = parseWalKey(object.key);
      if (!parsed || !isBelowCutoff(parsed.segmentName, opts.cutoff, opts.segmentSize)) continue;
      await repo.remove(object.key);
      files += 1;
      bytes += BigInt(object.size);
    }
  }
  return { files, bytes };
}

/** One expiry record per range of removed segments (`sizes`: their names and sizes), to run in the removal's transaction. */
export function walExpiryRecords(
  db: Db,
  opts: { runId: string; clusterId: string; sizes: Map<string, bigint>; segmentSize: number; reason: string; finishedAt: Date | null },
) {
  const { sizes } = opts;
  return summariseRanges([...sizes.keys()], opts.segmentSize).map((r) =>
    db.expiry.create({
      data: {
        runId: opts.runId,
        clusterId: opts.clusterId,
        kind: "wal",
        timeline: r.timeline,
        firstSegment: r.first,
        lastSegment: r.last,
        files: r.count,
        bytes: rangeBytes(r.first, r.last, r.timeline, sizes),
        reason: opts.reason,
        finishedAt: opts.finishedAt,
      },
    }),
  );
}

function rangeBytes(first: string, last: string, timeline: number, sizes: Map<string, bigint>): bigint {
  let total = 0n;
  for (const [name, size] of sizes) {
    if (Number.parseInt(name.slice(0, 8), 16) === timeline && name >= first && name <= last) total += size;
  }
  return total;
}
