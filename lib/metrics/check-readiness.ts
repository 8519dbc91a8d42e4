import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";
import { within } from "@/lib/metrics/within";
import { liveWorkers } from "@/lib/workers/read-workers";

export const READINESS_CHECKS = ["catalog", "migrations", "redis", "worker"] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

export interface Readiness {
  ready: boolean;
  /** Pass or fail per check, nothing more: the answer is unauthenticated. */
  checks: Record<ReadinessCheck, "pass" | "fail">;
}

// A check that has not answered by then has failed: a load balancer's probe must not hang.
const CHECK_TIMEOUT_MS = 3_000;

// A version's migrations do not change while it runs: each folder is read once.
const known = new Map<string, Promise<string[]>>();

/**
 * Whether this web process can serve: the catalog answers and has every migration of this
 * version applied (finished, not rolled back), Redis answers, and at least one worker process of
 * this installation is live by its heartbeat (the workers table, as the Workers page shows it).
 * All checks run at once, each bounded by CHECK_TIMEOUT_MS.
 */
export async function checkReadiness(opts: { db: Db; queue: Queue; migrationsDir: string }): Promise<Readiness> {
  const names = migrationNames(opts.migrationsDir);
  const applied = within(
    CHECK_TIMEOUT_MS,
    opts.db.$queryRaw<{ name: string }[]>`
      SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const [catalog, migrations, redis, worker] = await Promise.all(
    [
      applied.then(() => true),
      Promise.all([names, applied]).then(([all, rows]) => {
        const done = new Set(rows.map((r) => r.name));
        return all.every((n) => done.has(n));
      }),
      // Any command answered will do: this one reads a counter of the queue.
      within(CHECK_TIMEOUT_MS, opts.queue.getJobCounts("waiting")).then(() => true),
      within(CHECK_TIMEOUT_MS, liveWorkers(opts.db, opts.queue.opts.prefix ?? "")).then((ws) => ws.length > 0),
    ].map((p) => p.catch(() => false)),
  );
  const checks = { catalog, migrations, redis, worker };
  return {
    ready: Object.values(checks).every(Boolean),
    checks: Object.fromEntries(Object.entries(checks).map(([k, ok]) => [k, ok ? "pass" : "fail"])) as Readiness["checks"],
  };
}

function migrationNames(dir: string): Promise<string[]> {
  let names = known.get(dir);
  if (!names) {
    names = readMigrations(dir).then((ms) => ms.map((m) => m.name));
    // A folder that could not be read is read again next time.
    names.catch(() => known.delete(dir));
    known.set(dir, names);
  }
  return names;
}
