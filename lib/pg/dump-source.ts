import { majorFromVersionNum } from "@/lib/domain/pg-version";
import type { TableRelations } from "@/lib/domain/dump-toc";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

export interface DumpSource {
  serverVersion: string;
  serverMajor: number;
  superuser: boolean;
  databaseSizeBytes: bigint;
  /**
   * What hangs off each user table (indexes, constraints, defaults, triggers, owned sequences,
   * foreign keys): pg_restore's list names an index or a sequence without its table, and a
   * restore of chosen tables must bring these along.
   */
  relations: TableRelations[];
}

/** The database about to be dumped, read over one connection to it (which also proves it exists). */
export async function inspectDumpSource(target: ConnectionTarget, database: string, signal?: AbortSignal): Promise<DumpSource> {
  return withClient(
    { ...target, database },
    async (c) => {
      const facts = await c.query<{ server_version: string; version_num: number; superuser: boolean; size: string }>(
        `SELECT current_setting('server_version') AS server_version, current_setting('server_version_num')::int AS version_num,
                r.rolsuper AS superuser, pg_database_size(current_database())::text AS size
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      const f = facts.rows[0]!;
      const { rows } = await c.query<{ relations: TableRelations[] | null }>(`
        SELECT json_agg(json_build_object(
          'schema', n.nspname, 'name', t.relname,
          'indexes', ARRAY(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                            WHERE x.indrelid = t.oid AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = t.oid)),
          'constraints', ARRAY(SELECT k.conname FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype <> 'f'),
          'defaults', ARRAY(SELECT a.attname FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = t.oid),
          'triggers', ARRAY(SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal),
          'sequences', COALESCE((SELECT json_agg(json_build_object('schema', sn.nspname, 'name', s.relname))
                           FROM pg_depend dp JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
                          WHERE dp.classid = 'pg_class'::regclass AND dp.refobjid = t.oid AND dp.deptype IN ('a', 'i')), '[]'),
          'foreignKeys', COALESCE((SELECT json_agg(json_build_object('name', k.conname, 'references', json_build_object('schema', rn.nspname, 'name', r.relname)))
                             FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
                            WHERE k.conrelid = t.oid AND k.contype = 'f'), '[]')
        ) ORDER BY n.nspname, t.relname) AS relations
          FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE t.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`);
      return {
        serverVersion: f.server_version,
        serverMajor: majorFromVersionNum(Number(f.version_num)),
        superuser: f.superuser,
        databaseSizeBytes: BigInt(f.size),
        relations: rows[0]?.relations ?? [],
      };
    },
    signal,
  );
}
