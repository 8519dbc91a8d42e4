import type { Backup } from "@/lib/db/generated/client";
import { parseLsn } from "@/lib/domain/lsn";
import type { BackupPoint } from "@/lib/domain/recoverable-window";

type BackupRow = Pick<Backup, "id" | "status" | "timeline" | "startLsn" | "stopLsn" | "stopTime">;

/**
 * Catalog backups as the recovery computation sees them; backups without their LSNs yet (running,
 * failed early) are left out. Every Wayback backup is pg_basebackup -X stream: it carries the WAL
 * it needs to be consistent.
 */
export function toBackupPoints<B extends BackupRow>(rows: B[]): (BackupPoint & { row: B })[] {
  return rows
    .filter((b) => b.startLsn && b.stopLsn && b.stopTime && b.timeline)
    .map((b) => ({
      id: b.id,
      status: b.status,
      timeline: b.timeline!,
      startLsn: parseLsn(b.startLsn!),
      stopLsn: parseLsn(b.stopLsn!),
      stopTime: b.stopTime!,
      carriesWal: true,
      row: b,
    }));
}
