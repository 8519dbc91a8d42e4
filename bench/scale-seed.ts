import type { Db } from "@/lib/db/client";
import { fleetShape } from "./fleet-seed";
import { createPlaceholderClusters } from "./lib/placeholder-clusters";

/**
 * The scale benchmark's catalog (issue 20): clusters made with the createCluster verb, then their
 * WAL, backups, samples and alerts written in a few INSERT … SELECT generate_series statements with
 * the same columns and values the worker writes (segment names as segmentName(), LSNs as
 * formatLsn(), one segment every `segmentMinutes` ending at `now`). wal_ranges follows from its
 * triggers, as in production. The largest cluster (index 0) gets `largestSegments`, the last
 * `smallestSegments`; the rest share
 * what is left of `walRows`; every 4th misses one segment near its end (fleetShape.walGap).
 */
export interface ScaleSeed {
  clusters: number;
  backupsPerCluster: number;
  walRows: number;
  largestSegments: number;
  /** The last cluster's segments: the small end of the constant-cost comparison. */
  smallestSegments: number;
  samplesPerCluster: number;
  segmentMinutes: number;
  now: Date;
}

export async function seedScale(db: Db, seed: ScaleSeed, log: (m: string) => void): Promise<{ clusterIds: string[] }> {
  const { clusterIds, repositoryId } = await createPlaceholderClusters(db, { prefix: "scale", count: seed.clusters });
  log(`scale: ${seed.clusters} clusters created`);
  // Segments per cluster: the largest first, the rest share the remainder evenly; a gap cluster has one more number and one missing.
  const rest = seed.walRows - seed.largestSegments - seed.smallestSegments;
  const others = seed.clusters - 2;
  const last = seed.clusters - 1;
  const counts = clusterIds.map((_, i) =>
    i === 0 ? seed.largestSegments : i === last ? seed.smallestSegments : Math.floor(rest / others) + (i - 1 < rest % others ? 1 : 0),
  );
  const gaps = clusterIds.map((_, i) => (i !== 0 && i !== last && fleetShape.walGap(i) ? counts[i]! - 1 : 0));
  const plan = `SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[]) AS p(cluster_id, n, gap)`;
  const args = [clusterIds, counts.map((n, i) => n + (gaps[i] ? 1 : 0)), gaps];
  const hex8 = (e: string) => `lpad(upper(to_hex(${e})), 8, '0')`;
  const at = (segnoExpr: string) => `$4::timestamptz - ((p.n - ${segnoExpr}) * $5::int) * interval '1 minute'`;
  await db.$executeRawUnsafe(
    `INSERT INTO wal_segments (cluster_id, name, timeline, segno, size_bytes, sha256, source, archived_at, first_commit_at, last_commit_at)
     SELECT p.cluster_id, ${hex8("1")} || ${hex8("s / 256")} || ${hex8("s % 256")}, 1, s, 16777216, repeat('0', 64), 'stream',
            ${at("s")}, ${at("s")} - ($5::int * interval '1 minute') + interval '1 second', ${at("s")}
     FROM (${plan}) p CROSS JOIN LATERAL generate_series(1, p.n) s WHERE s <> p.gap`,
    ...args,
    seed.now,
    seed.segmentMinutes,
  );
  log(`scale: ${seed.walRows} WAL segment rows written`);
  // Complete backups spread evenly over each cluster's WAL (the newest a few segments from the end), one failed.
  const lsn = (e: string) => `upper(to_hex((${e}) >> 32)) || '/' || upper(to_hex((${e}) & 4294967295))`;
  const complete = seed.backupsPerCluster - 1;
  await db.$executeRawUnsafe(
    `INSERT INTO backups (id, cluster_id, repository_id, status, label, compression, started_at, finished_at, stop_time, timeline, start_lsn, stop_lsn)
     SELECT gen_random_uuid(), p.cluster_id, $6::uuid, 'complete'::"BackupStatus", 'daily ' || k, 'zstd'::"Compression", stop - interval '10 minutes', stop + interval '1 minute', stop, 1,
            ${lsn("seg::bigint * 16777216 + 40")}, ${lsn("seg::bigint * 16777216 + 4096")}
     FROM (${plan}) p CROSS JOIN LATERAL generate_series(0, ${complete - 1}) k
     CROSS JOIN LATERAL (SELECT 2 + k * greatest(1, (p.n - 6) / ${complete}) AS seg) b
     CROSS JOIN LATERAL (SELECT ${at("b.seg")} AS stop) t
     WHERE p.n > 6
     UNION ALL
     SELECT gen_random_uuid(), p.cluster_id, $6::uuid, 'failed'::"BackupStatus", 'failed', 'zstd'::"Compression", $4::timestamptz - interval '5 minutes', $4::timestamptz, NULL, NULL, NULL, NULL
     FROM (${plan}) p`,
    ...args,
    seed.now,
    seed.segmentMinutes,
    repositoryId,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO monitor_samples (id, cluster_id, taken_at, reachable, archive_mode, receiver_state)
     SELECT gen_random_uuid(), c, $2::timestamptz - k * interval '30 seconds', true, 'on', 'streaming'
     FROM unnest($1::uuid[]) c CROSS JOIN generate_series(0, $3::int - 1) k`,
    clusterIds,
    seed.now,
    seed.samplesPerCluster,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO wal_receivers (cluster_id, state, slot_name, updated_at) SELECT c, 'streaming', 'wayback_' || i, now() FROM unnest($1::uuid[]) WITH ORDINALITY AS u(c, i)`,
    clusterIds,
  );
  const alerts = clusterIds.flatMap((clusterId, i) => [
    ...(fleetShape.failingArchive(i)
      ? [{ clusterId, rule: "archive_failing", severity: "critical" as const, message: "archive_command is failing" }]
      : []),
    ...(fleetShape.rpoBreached(i) ? [{ clusterId, rule: "rpo_breached", severity: "warning" as const, message: "behind its RPO" }] : []),
  ]);
  await db.alert.createMany({ data: alerts.map((a) => ({ ...a, firstSeenAt: seed.now, lastSeenAt: seed.now })) });
  log(`scale: backups, samples, receivers and ${alerts.length} alerts written`);
  return { clusterIds };
}
