import { Counter, Gauge, Registry, type Metric } from "prom-client";
import type { CatalogFigures } from "@/lib/metrics/read-catalog-metrics";
import { JOB_DURATION_BUCKETS } from "@/lib/metrics/job-duration-buckets";
import { QUEUE_STATES, type QueueFigures } from "@/lib/metrics/read-queue-metrics";

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

const CLUSTER = ["cluster_id", "cluster"] as const;

/**
 * The Prometheus text for one scrape: a fresh registry filled from what was just read, so nothing
 * is kept between scrapes and every value is the catalog's (or Redis's) at scrape time. A series
 * the catalog has no value for (no backup yet, never sampled) is left out rather than invented.
 * `queues` is null when Redis did not answer: `wayback_redis_up` says so and the queue series are
 * left out. The README's "Metrics" table documents each series; test/metrics checks both agree.
 */
export async function renderMetrics(figures: { catalog: CatalogFigures; queues: QueueFigures[] | null }): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  const perCluster = {
    backupAge: gauge("wayback_backup_newest_complete_age_seconds", "Seconds since the newest complete backup finished.", CLUSTER),
    recoverable: gauge(
      "wayback_recoverable_newest_timestamp_seconds",
      "The newest moment the cluster can be recovered to (Unix time): the last commit of its recoverable window.",
      CLUSTER,
    ),
    rpo: gauge("wayback_rpo_seconds", "Measured recovery point: seconds between now and the newest recoverable commit.", CLUSTER),
    rpoTarget: gauge("wayback_rpo_target_seconds", "The cluster's recovery point target, in seconds.", CLUSTER),
    lagSegments: gauge("wayback_archive_lag_segments", "Completed WAL segments of the server not yet in Wayback's archive.", CLUSTER),
    lagSeconds: gauge(
      "wayback_archive_lag_seconds",
      "How long the archive has lacked a completed segment (0 when it holds all), to within one monitor interval.",
      CLUSTER,
    ),
    slotLag: gauge("wayback_slot_lag_bytes", "WAL the cluster's replication slot holds on the server, in bytes.", CLUSTER),
    drillPassed: gauge("wayback_drill_last_passed", "1 when the cluster's last finished restore drill passed, 0 when it failed.", CLUSTER),
    drillRecovery: gauge(
      "wayback_drill_last_recovery_seconds",
      "Recovery time the last finished drill measured (base restore plus WAL replay), in seconds.",
      CLUSTER,
    ),
    drillFinished: gauge("wayback_drill_last_finished_timestamp_seconds", "When the last finished drill ended (Unix time).", CLUSTER),
    alerts: gauge("wayback_alerts_open", "Unresolved (open or acknowledged) alerts of the cluster, by severity.", [...CLUSTER, "severity"]),
  };
  for (const c of figures.catalog.clusters) {
    const l = { cluster_id: c.id, cluster: c.name };
    const set = (g: Gauge<(typeof CLUSTER)[number]>, v: number | null) => {
      if (v !== null) g.set(l, v);
    };
    set(perCluster.backupAge, c.newestCompleteBackupAgeSeconds);
    set(perCluster.recoverable, c.newestRecoverableTime ? c.newestRecoverableTime.getTime() / 1000 : null);
    set(perCluster.rpo, c.rpoSeconds);
    set(perCluster.rpoTarget, c.rpoTargetSeconds);
    set(perCluster.lagSegments, c.archiveLagSegments);
    set(perCluster.lagSeconds, c.archiveLagSeconds);
    set(perCluster.slotLag, c.slotLagBytes);
    if (c.lastDrill) {
      set(perCluster.drillPassed, c.lastDrill.passed ? 1 : 0);
      set(perCluster.drillRecovery, c.lastDrill.recoverySeconds);
      set(perCluster.drillFinished, c.lastDrill.finishedAt ? c.lastDrill.finishedAt.getTime() / 1000 : null);
    }
    for (const [severity, n] of Object.entries(c.openAlerts)) perCluster.alerts.set({ ...l, severity }, n);
  }

  const failures = new Counter({
    name: "wayback_job_failures_total",
    help: "Jobs of this type that failed (their last attempt), as the catalog holds them.",
    labelNames: ["type"],
    registers: [registry],
  });
  const jobs = gauge("wayback_jobs", "Jobs of this type queued or running, as the catalog holds them.", ["type", "status"]);
  for (const j of figures.catalog.jobs) {
    failures.inc({ type: j.type }, j.failures);
    jobs.set({ type: j.type, status: "queued" }, j.queued);
    jobs.set({ type: j.type, status: "running" }, j.running);
  }
  registry.registerMetric(jobDurationHistogram(figures.catalog.jobs));

  gauge("wayback_redis_up", "1 when Redis answered this scrape, else 0 (and the queue series are left out).", []).set(
    figures.queues ? 1 : 0,
  );
  if (figures.queues) {
    const depth = gauge("wayback_queue_jobs", "Jobs in the BullMQ queue, by state.", ["queue", "state"]);
    const workers = gauge("wayback_workers", "Live worker processes consuming the queue, by their heartbeats.", ["queue"]);
    for (const q of figures.queues) {
      for (const state of QUEUE_STATES) depth.set({ queue: q.queue, state }, q.jobs[state]);
      workers.set({ queue: q.queue }, q.workers);
    }
  }
  return registry.metrics();
}

/**
 * prom-client's Histogram counts what this process observes; these buckets were counted by the
 * catalog (lib/metrics/read-catalog-metrics.ts), so the histogram is a metric object of our own
 * that hands the registry its values in prom-client's shape.
 */
function jobDurationHistogram(jobs: CatalogFigures["jobs"]): Metric {
  const name = "wayback_job_duration_seconds";
  const values = jobs.flatMap((j) => {
    let cumulative = 0;
    const buckets = [...JOB_DURATION_BUCKETS, "+Inf" as const].map((le, i) => {
      cumulative += j.durationBuckets[i] ?? 0;
      return { metricName: `${name}_bucket`, labels: { type: j.type, le }, value: cumulative };
    });
    return [
      ...buckets,
      { metricName: `${name}_sum`, labels: { type: j.type }, value: j.durationSumSeconds },
      { metricName: `${name}_count`, labels: { type: j.type }, value: j.durationCount },
    ];
  });
  const metric = {
    name,
    get: () => ({
      name,
      help: "How long finished jobs of this type ran (their last attempt), counted from the catalog's job rows.",
      type: "histogram",
      aggregator: "sum",
      values,
    }),
  };
  return metric as unknown as Metric;
}
