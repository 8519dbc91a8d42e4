import type { DbClient } from "@/lib/db/client";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { readRelationMap } from "@/lib/pg/relation-map";

/**
 * Records the server's relfilenode → database.schema.table map as seen now: a naming seen before
 * only moves its last-seen time, a new one (a new table, a rename, a rewrite's new file) is added.
 * One statement, however many relations.
 */
export async function recordRelationNames(
  db: DbClient,
  opts: { clusterId: string; target: ConnectionTarget; signal?: AbortSignal; now?: Date },
): Promise<{ relations: number }> {
  const entries = await readRelationMap(opts.target, opts.signal);
  const now = opts.now ?? new Date();
  if (entries.length === 0) return { relations: 0 };
  const col = <K extends keyof (typeof entries)[number]>(k: K) => entries.map((e) => String(e[k]));
  await db.$executeRawUnsafe(
    `INSERT INTO relation_names
       (id, cluster_id, database_oid, relfilenode, relation_oid, database_name, schema_name, table_name, relkind, first_seen_at, last_seen_at)
     SELECT gen_random_uuid(), $1::uuid, u.*, $9::timestamptz, $9::timestamptz
       FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u
     ON CONFLICT (cluster_id, database_oid, relfilenode, relation_oid, database_name, schema_name, table_name)
     DO UPDATE SET last_seen_at = GREATEST(relation_names.last_seen_at, EXCLUDED.last_seen_at),
                   first_seen_at = LEAST(relation_names.first_seen_at, EXCLUDED.first_seen_at)`,
    opts.clusterId,
    col("databaseOid"),
    col("relfilenode"),
    col("relationOid"),
    col("databaseName"),
    col("schemaName"),
    col("tableName"),
    col("relkind"),
    now,
  );
  return { relations: entries.length };
}
