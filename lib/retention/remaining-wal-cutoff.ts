import type { DbClient } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { walCutoff, type WalCutoff } from "@/lib/domain/wal-retention";

/**
 * A repository's WAL cutoff from the backups it holds now, after expiry: every complete or running
 * backup keeps the WAL from its start on, including one whose expiry was refused because a restore
 * claimed it after the plan was made. The primary (`copy` absent) holds the backups living in it or
 * in a repository that is no copy repository of the cluster; a copy repository holds every backup
 * not removed there, including those the copy job has yet to bring, whose WAL it will need.
 */
export async function remainingWalCutoff(
  db: DbClient,
  opts: { clusterId: string; segmentSize: number; hold: string | null; copy?: string },
): Promise<WalCutoff> {
  const { clusterId, copy } = opts;
  const copyIds = (await db.clusterCopyRepository.findMany({ where: { clusterId }, select: { repositoryId: true } })).map(
    (c) => c.repositoryId,
  );
  const backups = await db.backup.findMany({
    where: {
      clusterId,
      status: { in: ["complete", "running"] },
      startLsn: { not: null },
      ...(copy
        ? { copies: { none: { repositoryId: copy, status: { in: ["expiring", "expired"] } } } }
        : { repositoryId: { notIn: copyIds } }),
    },
    select: { startLsn: true },
  });
  return walCutoff({ retained: backups.map((b) => ({ startLsn: parseLsn(b.startLsn!) })), segmentSize: opts.segmentSize, hold: opts.hold });
}
