import type { ConnectionTarget } from "@/lib/pg/connect";
import { forEachDatabase } from "@/lib/pg/each-database";
import { tableKey, type TableKey } from "@/lib/domain/row-counts";

/**
 * PostgreSQL's modification counters (rows inserted + updated + deleted) of every user table the
 * login can see, in every database: read at a drill's target and again when counts are compared,
 * they tell which tables production wrote in between. Backends publish their counters at most
 * once a second while busy and within 10 s once idle (PostgreSQL 15): a write just before a read
 * may not show yet, which the drill allows for by reading again before it reports a difference.
 * A write shortly before the target may likewise show only after it: the table is then taken as
 * written since the target and held to the tolerance rather than to exact equality (lenient,
 * never a false failure).
 */
export async function tableActivity(target: ConnectionTarget, signal?: AbortSignal): Promise<Map<TableKey, number>> {
  const perDatabase = await forEachDatabase(
    target,
    async (c, database) => {
      const { rows } = await c.query<{ name: string; n: string }>(
        `SELECT schemaname || '.' || relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::text AS n FROM pg_stat_user_tables`,
      );
      return rows.map((r) => [tableKey(database, r.name), Number(r.n)] as const);
    },
    signal,
  );
  return new Map(perDatabase.flat());
}
