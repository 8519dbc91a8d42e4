import type { DbClient } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { walCutoff, type WalCutoff } from "@/lib/domain/wal-retention";

/**
 * The WAL cutoff from the backups that exist now, after expiry: every complete or running backup
 * keeps the WAL from its start on, including one whose expiry was refused because a restore
 * claimed it after the plan was made.
 */
export async function remainingWalCutoff(
  db: DbClient,
  opts: { clusterId: string; segmentSize: number; hold: string | null },
): Promise<WalCutoff> {
  const backups = await db.backup.findMany({
    where: { clusterId: opts.clusterId, status: { in: ["complete", "running"] }, startLsn: { not: null } },
    select: { startLsn: true },
  });
  return walCutoff({ retained: backups.map((b) => ({ startLsn: parseLsn(b.startLsn!) })), segmentSize: opts.segmentSize, hold: opts.hold });
}
