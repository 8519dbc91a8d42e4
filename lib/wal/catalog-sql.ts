/**
 * WalCatalog in plain SQL over one `pg` connection, for the `wayback` CLI: archive_command runs
 * once per segment, and loading Prisma's client would cost more than the copy. Same semantics as
 * catalog-prisma.ts (insert unless present, never change an existing row); table and column names
 * are those of prisma/schema.prisma's @@map/@map.
 */
import type { RecordResult, WalCatalog } from "./wal-catalog";
import { alertOpenKey, RAISE_ALERT_SQL, raiseAlertParams, RESOLVE_ALERT_SQL } from "@/lib/alerts/alert-sql";
import { ALERT_RULES } from "@/lib/domain/alert-rules";

/** The part of pg.Client this needs (pg's Client and Pool both fit). */
export interface SqlQueryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sqlWalCatalog(q: SqlQueryable): WalCatalog {
  /** Insert-or-read in one statement; a concurrent insert of the same key can hide both: read again. */
  async function insertOrRead(insertSql: string, selectSql: string, values: unknown[], key: unknown[]): Promise<RecordResult> {
    const { rows } = await q.query<{ sha256: string; inserted: boolean }>(insertSql, values);
    if (rows[0]) return rows[0];
    const again = await q.query<{ sha256: string }>(selectSql, key);
    if (!again.rows[0]) throw new Error("The catalog neither inserted nor found the row: retry.");
    return { inserted: false, sha256: again.rows[0].sha256 };
  }

  return {
    async clusterRepository(clusterId) {
      if (!UUID.test(clusterId)) return null;
      const { rows } = await q.query<{ kind: string | null; path: string | null }>(
        `SELECT r.kind::text AS kind, r.path FROM clusters c LEFT JOIN repositories r ON r.id = c.repository_id WHERE c.id = $1`,
        [clusterId],
      );
      const row = rows[0];
      if (!row) return null;
      if (row.kind === null || row.path === null) return { repository: null };
      if (row.kind !== "posix") throw new Error(`Repository kind "${row.kind}" is not supported by this wayback CLI.`);
      return { repository: { kind: "posix", path: row.path } };
    },

    async systemIdentifier(clusterId) {
      const { rows } = await q.query<{ system_identifier: string }>(
        `SELECT system_identifier FROM cluster_checks WHERE cluster_id = $1 AND system_identifier IS NOT NULL ORDER BY checked_at DESC LIMIT 1`,
        [clusterId],
      );
      return rows[0]?.system_identifier ?? null;
    },

    recordSegment(row) {
      return insertOrRead(
        `WITH ins AS (
           INSERT INTO wal_segments (cluster_id, name, timeline, segno, size_bytes, sha256, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7::"WalSource")
           ON CONFLICT (cluster_id, name) DO NOTHING
           RETURNING sha256)
         SELECT sha256, true AS inserted FROM ins
         UNION ALL
         SELECT sha256, false FROM wal_segments WHERE cluster_id = $1 AND name = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
        `SELECT sha256 FROM wal_segments WHERE cluster_id = $1 AND name = $2`,
        [row.clusterId, row.name, row.timeline, row.segno.toString(), row.sizeBytes, row.sha256, row.source],
        [row.clusterId, row.name],
      );
    },

    recordHistory(row) {
      return insertOrRead(
        `WITH ins AS (
           INSERT INTO wal_histories (cluster_id, timeline, content, sha256)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (cluster_id, timeline) DO NOTHING
           RETURNING sha256)
         SELECT sha256, true AS inserted FROM ins
         UNION ALL
         SELECT sha256, false FROM wal_histories WHERE cluster_id = $1 AND timeline = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
        `SELECT sha256 FROM wal_histories WHERE cluster_id = $1 AND timeline = $2`,
        [row.clusterId, row.timeline, row.content, row.sha256],
        [row.clusterId, row.timeline],
      );
    },

    async segmentChecksum(clusterId, name) {
      const { rows } = await q.query<{ sha256: string }>(`SELECT sha256 FROM wal_segments WHERE cluster_id = $1 AND name = $2`, [clusterId, name]);
      return rows[0]?.sha256 ?? null;
    },

    async walRefused(clusterId, message) {
      await q.query(RAISE_ALERT_SQL, raiseAlertParams({ clusterId, rule: "wal_refused", severity: ALERT_RULES.wal_refused.severity, message }));
    },

    async walAccepted(clusterId) {
      await q.query(RESOLVE_ALERT_SQL, [alertOpenKey(clusterId, "wal_refused"), new Date()]);
    },
  };
}
