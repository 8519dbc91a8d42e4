import { setTimeout as sleep } from "node:timers/promises";
import { compareRowCounts, type RowComparison, type TableKey } from "@/lib/domain/row-counts";
import { runAmcheck } from "@/lib/pg/amcheck";
import type { PgBinaries } from "@/lib/pg/binaries";
import { verifyDataChecksums } from "@/lib/pg/checksums";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { instanceSocketDir, stopInstance, type InstanceSpec } from "@/lib/pg/instance";
import { copySuperuser } from "@/lib/restores/copy-superuser";
import { countRows } from "@/lib/restores/count-rows";
import type { DrillCheck } from "@/lib/domain/drill-outcome";
import { tableActivity } from "@/lib/drills/table-activity";

// PostgreSQL 15 publishes an idle backend's table counters within 10 s.
const STATS_SETTLE_MS = 11_000;

/**
 * A drill's checks on a promoted copy, then on the stopped copy: pg_amcheck over every database
 * (as the copy's superuser, over its private socket), every table's row count against production
 * (as the cluster's own role on both sides, so both see the same tables), and data checksums with
 * pg_checksums once the server is down. Leaves the copy stopped.
 */
export async function checkCopy(opts: {
  spec: InstanceSpec;
  bins: PgBinaries;
  production: ConnectionTarget;
  activityAtTarget: ReadonlyMap<TableKey, number>;
  tolerancePct: number;
  signal: AbortSignal;
  log: (line: string) => Promise<void>;
}): Promise<{ checks: DrillCheck[]; rowCounts: RowComparison[] }> {
  const { spec, production, signal } = opts;
  const asRole: ConnectionTarget = {
    host: instanceSocketDir(spec),
    port: spec.port,
    database: production.database,
    username: production.username,
    password: null,
    sslmode: "disable",
  };
  const superuser = (await copySuperuser(spec, { user: production.username, database: production.database })).username;
  const checks: DrillCheck[] = [];

  const amcheck = await runAmcheck({ bins: opts.bins, host: asRole.host, port: spec.port, user: superuser, signal });
  checks.push({
    name: "pg_amcheck",
    ok: amcheck.ok,
    detail: amcheck.ok ? "heap and B-tree indexes of every database: no corruption" : amcheck.output,
  });
  await opts.log(`pg_amcheck: ${amcheck.ok ? "ok" : amcheck.output}`);

  const restored = await countRows(asRole, signal);
  const onProduction = await countRows(production, signal);
  const compare = async () =>
    compareRowCounts({
      production: onProduction,
      restored,
      activityAtTarget: opts.activityAtTarget,
      activityNow: await tableActivity(production, signal),
      tolerancePct: opts.tolerancePct,
    });
  let counts = await compare();
  if (counts.rows.some((r) => !r.ok && r.expectation === "exact")) {
    // A write just before the counts may not show in the counters yet: read them once more before calling it a difference.
    await sleep(STATS_SETTLE_MS, undefined, { signal });
    counts = await compare();
  }
  const bad = counts.rows.filter((r) => !r.ok);
  checks.push({
    name: "row counts",
    ok: counts.ok,
    detail: counts.ok
      ? `${counts.rows.length} tables match production${opts.tolerancePct > 0 ? ` (within ${opts.tolerancePct}% where production wrote since the target)` : ""}`
      : bad
          .map(
            (r) =>
              `${r.database}: ${r.table} ${r.note}${r.difference !== null ? ` (production ${r.production}, restored ${r.restored})` : ""}`,
          )
          .join("; "),
  });

  await stopInstance(spec, "fast");
  const sums = await verifyDataChecksums({ bins: opts.bins, dataDir: spec.dataDir, osUser: spec.osUser, signal });
  checks.push({
    name: "data checksums",
    ok: sums.state !== "failed",
    detail: sums.state === "disabled" ? "not enabled on this cluster (initdb --data-checksums): nothing to verify" : sums.output,
  });
  return { checks, rowCounts: counts.rows };
}
