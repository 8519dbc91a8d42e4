import type { ConnectionTarget } from "@/lib/pg/connect";
import { forEachDatabase } from "@/lib/pg/each-database";

export interface RelationMapEntry {
  databaseOid: number;
  databaseName: string;
  relfilenode: number;
  relationOid: number;
  schemaName: string;
  tableName: string;
  /** pg_class.relkind: r table, m materialized view, t TOAST table, i index. */
  relkind: string;
}

/**
 * Every relation file of a server's databases that WAL names (pg_relation_filenode also for mapped
 * catalogs), user objects only (files from FirstNormalObjectId on, as lib/domain/wal-activity counts).
 */
export async function readRelationMap(target: ConnectionTarget, signal?: AbortSignal): Promise<RelationMapEntry[]> {
  const perDb = await forEachDatabase(
    target,
    async (c) => {
      const { rows } = await c.query<{
        db: string;
        datname: string;
        rfn: string;
        oid: string;
        nspname: string;
        relname: string;
        relkind: string;
      }>(
        `SELECT d.oid::bigint AS db, d.datname, pg_relation_filenode(c.oid)::bigint AS rfn, c.oid::bigint AS oid, n.nspname, c.relname, c.relkind::text AS relkind
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_database d ON d.datname = current_database()
          WHERE c.relkind IN ('r', 'm', 't', 'i') AND pg_relation_filenode(c.oid) >= 16384`,
      );
      return rows.map((r) => ({
        databaseOid: Number(r.db),
        databaseName: r.datname,
        relfilenode: Number(r.rfn),
        relationOid: Number(r.oid),
        schemaName: r.nspname,
        tableName: r.relname,
        relkind: r.relkind,
      }));
    },
    signal,
  );
  return perDb.flat();
}
