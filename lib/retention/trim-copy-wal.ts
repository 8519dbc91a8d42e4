import type { Db } from "@/lib/db/client";
import type { WalCutoff } from "@/lib/domain/wal-retention";
import type { Repository } from "@/lib/storage/repository";
import { removeWalFiles, walExpiryRecords } from "@/lib/retention/remove-wal";

/**
 * Removes the WAL below a copy repository's own cutoff from that repository only, catalog first:
 * its copy rows go (with an expiry record) and the copy job is told not to copy segments below the
 * cutoff again; then the files, found by listing the repository, so a crash in between is
 * finished by the next run. The segments' own rows stay while the primary or another copy holds them.
 */
export async function trimCopyWal(
  db: Db,
  opts: {
    runId: string;
    clusterId: string;
    repositoryId: string;
    name: string;
    repo: Repository;
    cutoff: WalCutoff;
    segmentSize: number;
    reason: string;
  },
): Promise<{ files: number; bytes: bigint }> {
  const { clusterId, repositoryId, cutoff, segmentSize } = opts;
  if (cutoff.keepFromSegno === null) return { files: 0, bytes: 0n };
  const below = { clusterId, repositoryId, segment: { segno: { lt: cutoff.keepFromSegno } } };
  const rows = await db.walSegmentCopy.findMany({ where: below, select: { name: true, segment: { select: { sizeBytes: true } } } });
  const sizes = new Map(rows.map((r) => [r.name, r.segment.sizeBytes]));
  const link = await db.clusterCopyRepository.findUniqueOrThrow({ where: { clusterId_repositoryId: { clusterId, repositoryId } } });
  const keepFrom =
    link.walKeptFromSegno !== null && link.walKeptFromSegno > cutoff.keepFromSegno ? link.walKeptFromSegno : cutoff.keepFromSegno;
  await db.$transaction([
    ...walExpiryRecords(db, {
      runId: opts.runId,
      clusterId,
      sizes,
      segmentSize,
      reason: `${opts.reason}: removed from ${opts.name}`,
      finishedAt: new Date(),
    }),
    db.walSegmentCopy.deleteMany({ where: { clusterId, repositoryId, name: { in: [...sizes.keys()] } } }),
    db.clusterCopyRepository.update({
      where: { clusterId_repositoryId: { clusterId, repositoryId } },
      data: { walKeptFromSegno: keepFrom },
    }),
  ]);
  return removeWalFiles([opts.repo], { clusterId, cutoff, segmentSize });
}
