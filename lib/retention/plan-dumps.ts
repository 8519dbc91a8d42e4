import type { DbClient } from "@/lib/db/client";
import { planRetention, type BackupDecision, type RetentionBackup, type RetentionRules } from "@/lib/domain/retention";

/** Restores that hold their dump: running ones, and those whose new local instance is not discarded yet. */
export const DUMP_IN_USE = { OR: [{ status: "running" as const }, { instanceDataDir: { not: null }, discardedAt: null }] };

export interface DumpDecision {
  decision: BackupDecision;
  database: string;
  /** The dump's status in the repository planned for (complete, running for a copy under way…). */
  status: RetentionBackup["status"];
}

/**
 * The same planner as for backups, applied to each database's logical dumps on its own: "7 daily"
 * keeps a week of dumps of every database dumped. A dump being removed (removingAt) is finished;
 * one a running restore reads, or whose restored instance is still up, is kept. Per repository:
 * the primary (`copy` absent) holds the dumps living in it (not handed over to a copy repository),
 * a copy repository those with a copy there.
 */
export async function planDumpRetention(
  db: DbClient,
  opts: { clusterId: string; rules: RetentionRules; now: Date; copy?: string },
): Promise<{ decisions: DumpDecision[]; stopped: string[] }> {
  const { clusterId, copy } = opts;
  const [dumps, restores, links] = await Promise.all([
    db.dump.findMany({
      where: { clusterId },
      select: {
        id: true,
        database: true,
        status: true,
        removingAt: true,
        startedAt: true,
        finishedAt: true,
        repositoryId: true,
        copies: { select: { repositoryId: true, status: true } },
      },
    }),
    db.dumpRestore.findMany({ where: { dump: { clusterId }, ...DUMP_IN_USE }, select: { id: true, dumpId: true } }),
    db.clusterCopyRepository.findMany({ where: { clusterId }, select: { repositoryId: true } }),
  ]);
  const copyIds = new Set(links.map((l) => l.repositoryId));
  const held = dumps.flatMap((d) => {
    const status: RetentionBackup["status"] = d.removingAt ? "expiring" : d.status;
    if (!copy) return copyIds.has(d.repositoryId) ? [] : [{ ...d, status }];
    const there = d.copies.find((c) => c.repositoryId === copy)?.status;
    if (there === "complete") return [{ ...d, status }];
    if (there === "copying") return [{ ...d, status: "running" as const }];
    if (there === "expiring") return [{ ...d, status: "expiring" as const }];
    return [];
  });
  const inUse = new Map(restores.map((r) => [r.dumpId, `dump restore ${r.id.slice(0, 8)}`]));
  const databases = [...new Set(held.map((d) => d.database))].sort();
  const decisions: DumpDecision[] = [];
  const stopped: string[] = [];
  for (const database of databases) {
    const mine = held.filter((d) => d.database === database);
    const plan = planRetention({
      backups: mine.map((d) => ({
        id: d.id,
        status: d.status,
        startedAt: d.startedAt,
        stopTime: d.status === "complete" || d.status === "expiring" ? d.finishedAt : null,
      })),
      rules: opts.rules,
      now: opts.now,
      inUse,
    });
    if (plan.stopped) stopped.push(`${database}: ${plan.stopped}`);
    const statusOf = new Map(mine.map((d) => [d.id, d.status]));
    decisions.push(...plan.decisions.map((decision) => ({ decision, database, status: statusOf.get(decision.id)! })));
  }
  return { decisions, stopped };
}
