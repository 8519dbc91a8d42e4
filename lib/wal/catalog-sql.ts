/**
 * WalCatalog in plain SQL over one `pg` connection, for the `wayback` CLI: archive_command runs
 * once per segment, and loading Prisma's client would cost more than the copy. Every call is one
 * of the `wayback_cli` functions (prisma/migrations/20261202041100_archive_cli_role), the only
 * thing the CLI's catalog role may run (docs/decisions/0011); same semantics as catalog-prisma.ts
 * (insert unless present, never change an existing row).
 */
import type { RecordResult, WalCatalog } from "./wal-catalog";
import { ALERT_RULES } from "@/lib/domain/alert-rules";
import { repositoryLocation, type RepositoryColumns } from "@/lib/domain/repository-location";

/** The part of pg.Client this needs (pg's Client and Pool both fit). */
export interface SqlQueryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sqlWalCatalog(q: SqlQueryable): WalCatalog {
  async function recorded(sql: string, values: unknown[]): Promise<RecordResult> {
    const { rows } = await q.query<{ recorded_sha256: string; inserted: boolean }>(sql, values);
    if (!rows[0]) throw new Error("The catalog neither recorded nor found the row: retry.");
    return { inserted: rows[0].inserted, sha256: rows[0].recorded_sha256 };
  }

  return {
    async clusterRepository(clusterId, copyRepositoryId) {
      if (!UUID.test(clusterId) || (copyRepositoryId !== undefined && !UUID.test(copyRepositoryId))) return null;
      const which = copyRepositoryId === undefined ? "cluster_repository($1)" : "cluster_copy_repository($1, $2)";
      const { rows } = await q.query<Omit<RepositoryColumns, "kind"> & { kind: string | null }>(
        `SELECT kind, path, s3_endpoint AS "s3Endpoint", s3_region AS "s3Region", s3_bucket AS "s3Bucket", s3_prefix AS "s3Prefix",
                s3_force_path_style AS "s3ForcePathStyle", s3_storage_class AS "s3StorageClass"
           FROM wayback_cli.${which}`,
        copyRepositoryId === undefined ? [clusterId] : [clusterId, copyRepositoryId],
      );
      const row = rows[0];
      if (!row) return null;
      if (row.kind === null) return { repository: null };
      return { repository: repositoryLocation({ ...row, kind: row.kind }) };
    },

    async systemIdentifier(clusterId) {
      const { rows } = await q.query<{ id: string | null }>(`SELECT wayback_cli.system_identifier($1) AS id`, [clusterId]);
      return rows[0]?.id ?? null;
    },

    recordSegment(row) {
      // The CLI archives what PostgreSQL hands to archive_command; streamed WAL is the worker's.
      if (row.source !== "push") throw new Error(`The wayback CLI records pushed WAL only, not "${row.source}".`);
      return recorded(`SELECT recorded_sha256, inserted FROM wayback_cli.record_segment($1, $2, $3, $4, $5, $6)`, [
        row.clusterId,
        row.name,
        row.timeline,
        row.segno.toString(),
        row.sizeBytes,
        row.sha256,
      ]);
    },

    recordHistory(row) {
      return recorded(`SELECT recorded_sha256, inserted FROM wayback_cli.record_history($1, $2, $3, $4)`, [
        row.clusterId,
        row.timeline,
        row.content,
        row.sha256,
      ]);
    },

    async segmentChecksum(clusterId, name) {
      const { rows } = await q.query<{ sha256: string | null }>(`SELECT wayback_cli.segment_checksum($1, $2) AS sha256`, [clusterId, name]);
      return rows[0]?.sha256 ?? null;
    },

    async walRefused(clusterId, message) {
      await q.query(`SELECT wayback_cli.wal_refused($1, $2, $3)`, [clusterId, ALERT_RULES.wal_refused.severity, message]);
    },

    async walAccepted(clusterId) {
      await q.query(`SELECT wayback_cli.wal_accepted($1)`, [clusterId]);
    },
  };
}
