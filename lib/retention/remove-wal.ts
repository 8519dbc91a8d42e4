import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { isBelowCutoff, summariseRanges, type WalCutoff } from "@/lib/domain/wal-retention";
import { segmentOfLsn } from "@/lib/domain/wal-segment";
import { parseWalKey, walPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";

/**
 * Removes the WAL below the cutoff, catalog first: a crash after that leaves files nobody claims,
 * which the next run removes (it lists the repository, not the catalog), never catalog rows that
 * promise WAL which is gone. Restore points in the removed WAL go with it. History files stay.
 * `repos`: the primary and the cluster's copy repositories, which follow the primary's retention.
 */
export async function removeWalBelow(
  db: Db,
  opts: { runId: string; clusterId: string; cutoff: WalCutoff; segmentSize: number; repos: Repository[]; reason: string },
): Promise<{ files: number; bytes: bigint }> {
  const { clusterId, cutoff, segmentSize } = opts;
  if (cutoff.keepFromSegno === null) return { files: 0, bytes: 0n };

  const below = { clusterId, segno: { lt: cutoff.keepFromSegno } };
  const rows = await db.walSegment.findMany({ where: below, select: { name: true, sizeBytes: true } });
  const sizes = new Map(rows.map((r) => [r.name, r.sizeBytes]));
  const points = await db.restorePoint.findMany({ where: { clusterId }, select: { name: true, lsn: true } });
  const lostPoints = points.filter((p) => segmentOfLsn(parseLsn(p.lsn), segmentSize) < cutoff.keepFromSegno!).map((p) => p.name);
  await db.$transaction([
    ...summariseRanges([...sizes.keys()], segmentSize).map((r) =>
      db.expiry.create({
        data: {
          runId: opts.runId,
          clusterId,
          kind: "wal",
          timeline: r.timeline,
          firstSegment: r.first,
          lastSegment: r.last,
          files: r.count,
          bytes: rangeBytes(r.first, r.last, r.timeline, sizes),
          reason: opts.reason,
        },
      }),
    ),
    db.walSegment.deleteMany({ where: below }),
    db.restorePoint.deleteMany({ where: { clusterId, name: { in: lostPoints } } }),
  ]);

  let files = 0;
  let bytes = 0n;
  for (const repo of opts.repos) {
    for await (const object of repo.list(walPrefix(clusterId))) {
      const parsed = parseWalKey(object.key);
      if (!parsed || !isBelowCutoff(parsed.segmentName, cutoff, segmentSize)) continue;
      await repo.remove(object.key);
      files += 1;
      bytes += BigInt(object.size);
    }
  }
  await db.expiry.updateMany({ where: { clusterId, kind: "wal", finishedAt: null }, data: { finishedAt: new Date() } });
  return { files, bytes };
}

function rangeBytes(first: string, last: string, timeline: number, sizes: Map<string, bigint>): bigint {
  let total = 0n;
  for (const [name, size] of sizes) {
    if (Number.parseInt(name.slice(0, 8), 16) === timeline && name >= first && name <= last) total += size;
  }
  return total;
}
