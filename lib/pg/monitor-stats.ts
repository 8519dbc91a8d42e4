import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/** What the monitor reads from a server on each pass, in one statement. */
export interface MonitorStats {
  archiveMode: string;
  archivedCount: bigint;
  failedCount: bigint;
  lastArchivedWal: string | null;
  lastArchivedAt: Date | null;
  lastFailedWal: string | null;
  lastFailedAt: Date | null;
  /** Null on a standby (no WAL of its own is written there). */
  currentLsn: string | null;
  currentSegment: string | null;
  /** Bytes of WAL the slot keeps on the server; null when the slot does not exist. */
  slotLagBytes: bigint | null;
}

/**
 * pg_stat_archiver, the current WAL position and the slot's retained WAL. Every view read here is
 * readable by any role, so the monitor needs nothing beyond the LOGIN the checks already use.
 */
export async function readMonitorStats(t: ConnectionTarget, slotName: string, signal?: AbortSignal): Promise<MonitorStats> {
  return withClient(
    t,
    async (client) => {
      await client.query("SET statement_timeout = '10s'");
      const { rows } = await client.query(
        `SELECT current_setting('archive_mode') AS archive_mode,
                a.archived_count::text AS archived_count, a.failed_count::text AS failed_count,
                a.last_archived_wal, a.last_archived_time, a.last_failed_wal, a.last_failed_time,
                CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END AS current_lsn,
                CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_walfile_name(pg_current_wal_insert_lsn()) END AS current_segment,
                (SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint::text END
                   FROM pg_replication_slots WHERE slot_name = $1) AS slot_lag
           FROM pg_stat_archiver a`,
        [slotName],
      );
      const r = rows[0];
      return {
        archiveMode: String(r.archive_mode),
        archivedCount: BigInt(r.archived_count),
        failedCount: BigInt(r.failed_count),
        lastArchivedWal: r.last_archived_wal ?? null,
        lastArchivedAt: r.last_archived_time ?? null,
        lastFailedWal: r.last_failed_wal ?? null,
        lastFailedAt: r.last_failed_time ?? null,
        currentLsn: r.current_lsn ?? null,
        currentSegment: r.current_segment ?? null,
        slotLagBytes: r.slot_lag == null ? null : BigInt(r.slot_lag),
      };
    },
    signal,
  );
}
