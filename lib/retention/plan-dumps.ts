import type { DbClient } from "@/lib/db/client";
import { planRetention, type BackupDecision, type RetentionRules } from "@/lib/domain/retention";

/** Restores that hold their dump: running ones, and those whose new local instance is not discarded yet. */
export const DUMP_IN_USE = { OR: [{ status: "running" as const }, { instanceDataDir: { not: null }, discardedAt: null }] };

export interface DumpDecision {
  decision: BackupDecision;
  database: string;
}

/**
 * The same planner as for backups, applied to each database's logical dumps on its own: "7 daily"
 * keeps a week of dumps of every database dumped. A dump being removed (removingAt) is finished;
 * one a running restore reads, or whose restored instance is still up, is kept.
 */
export async function planDumpRetention(
  db: DbClient,
  opts: { clusterId: string; rules: RetentionRules; now: Date },
): Promise<{ decisions: DumpDecision[]; stopped: string[] }> {
  const [dumps, restores] = await Promise.all([
    db.dump.findMany({
      where: { clusterId: opts.clusterId },
      select: { id: true, database: true, status: true, removingAt: true, startedAt: true, finishedAt: true },
    }),
    db.dumpRestore.findMany({ where: { dump: { clusterId: opts.clusterId }, ...DUMP_IN_USE }, select: { id: true, dumpId: true } }),
  ]);
  const inUse = new Map(restores.map((r) => [r.dumpId, `dump restore ${r.id.slice(0, 8)}`]));
  const databases = [...new Set(dumps.map((d) => d.database))].sort();
  const decisions: DumpDecision[] = [];
  const stopped: string[] = [];
  for (const database of databases) {
    const plan = planRetention({
      backups: dumps
        .filter((d) => d.database === database)
        .map((d) => ({
          id: d.id,
          status: d.removingAt ? "expiring" : d.status,
          startedAt: d.startedAt,
          stopTime: d.status === "complete" ? d.finishedAt : null,
        })),
      rules: opts.rules,
      now: opts.now,
      inUse,
    });
    if (plan.stopped) stopped.push(`${database}: ${plan.stopped}`);
    decisions.push(...plan.decisions.map((decision) => ({ decision, database })));
  }
  return { decisions, stopped };
}
