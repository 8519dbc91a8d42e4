import { z } from "zod";
import { backupKind } from "@/lib/domain/backup-input";
import { SCHEDULE_KINDS } from "@/lib/domain/policy-input";

/**
 * Every job type the worker runs, declared once: payload schema (ids only: job data sits in
 * Redis in clear text), attempts, backoff and time limit. The web enqueues by name; the worker
 * re-validates the payload before running it.
 */
export const QUEUE_NAME = "wayback";
/** Long-running jobs (one WAL receiver per cluster) get their own queue and worker slots, so they
 *  never hold the slots backups and checks need. */
export const STREAM_QUEUE_NAME = "wayback-stream";

const ids = z.object({ jobId: z.uuid(), clusterId: z.uuid() });
const restoreIds = ids.extend({ restoreId: z.uuid() });
const backupIds = ids.extend({ backupId: z.uuid() });
// The kind of backup to take; full when not said (jobs queued before kinds existed carry none).
const backupRequest = ids.extend({ kind: backupKind.default("full") });
const dumpIds = ids.extend({ dumpId: z.uuid() });
const dumpRestoreIds = ids.extend({ dumpRestoreId: z.uuid() });
// A notification is about an alert of some cluster, or a test of a channel: no cluster of its own.
const deliveryIds = z.object({ jobId: z.uuid(), deliveryId: z.uuid() });
// A repository's "Test" is about the repository, used by any number of clusters.
const repositoryIds = z.object({ jobId: z.uuid(), repositoryId: z.uuid() });

export const JOB_TYPES = {
  "cluster.check": {
    payload: ids,
    attempts: 2,
    backoffMs: 2_000,
    timeoutMs: 60_000,
    description: "Check connection",
  },
  // One attempt: a failed backup is reported, not silently repeated; a worker that dies mid-backup
  // still gets its job re-run once by the stalled-job check, which starts the copy over.
  "backup.full": {
    payload: backupRequest,
    attempts: 1,
    backoffMs: 30_000,
    timeoutMs: 24 * 3_600_000,
    description: "Backup",
  },
  // Removes the files and row of a backup an admin deleted (the web marked it expiring). Retried:
  // removal is idempotent, and a backup left expiring is finished by the next retention run too.
  "backup.delete": {
    payload: backupIds,
    attempts: 3,
    backoffMs: 30_000,
    timeoutMs: 3_600_000,
    description: "Delete backup",
  },
  // One attempt: a restore that failed is reported with the server's log, not run again.
  restore: {
    payload: ids,
    attempts: 1,
    backoffMs: 10_000,
    timeoutMs: 24 * 3_600_000,
    description: "Restore",
  },
  // Ends a restore paused at its target: replay resumes, recovery ends, the copy is promoted.
  "restore.promote": {
    payload: restoreIds,
    attempts: 1,
    backoffMs: 5_000,
    timeoutMs: 60 * 60_000,
    description: "Promote restore",
  },
  // Stops a restored copy and removes its files.
  "restore.discard": {
    payload: restoreIds,
    attempts: 2,
    backoffMs: 5_000,
    timeoutMs: 10 * 60_000,
    description: "Discard restore",
  },
  // Brings chosen tables back as they were at a target (lib/table-restores/): a throwaway copy is
  // recovered, the tables loaded into production under a new schema, the copy removed. One
  // attempt: a failed one is reported with the copy's log, not run again.
  "table.restore": {
    payload: ids,
    attempts: 1,
    backoffMs: 10_000,
    timeoutMs: 24 * 3_600_000,
    description: "Table restore",
  },
  // Re-reads every backup and the WAL archive of a cluster. One attempt: a failed verification is
  // a result to look at, not something to repeat; the limit allows for terabytes of repository.
  verify: {
    payload: ids,
    attempts: 1,
    backoffMs: 30_000,
    timeoutMs: 24 * 3_600_000,
    description: "Verification",
  },
  // One attempt: a failed drill is reported with its reason and raises an alert, not quietly re-run.
  drill: {
    payload: ids,
    attempts: 1,
    backoffMs: 30_000,
    timeoutMs: 24 * 3_600_000,
    description: "Restore drill",
  },
  // A logical dump of one database. One attempt, as for backups: a failed dump is reported; a
  // worker that dies mid-dump gets its job re-run once by the stalled-job check, which starts over.
  dump: {
    payload: ids,
    attempts: 1,
    backoffMs: 30_000,
    timeoutMs: 24 * 3_600_000,
    description: "Dump",
  },
  // Re-reads a stored dump: checksums, and the archive read whole.
  "dump.verify": {
    payload: dumpIds,
    attempts: 1,
    backoffMs: 10_000,
    timeoutMs: 12 * 3_600_000,
    description: "Dump verification",
  },
  // Restores a dump into a database of a cluster (the job's cluster is the target), or into a new
  // local instance (the job's cluster is the dump's). One attempt: a second run could meet
  // half-restored objects.
  "dump.restore": {
    payload: dumpRestoreIds,
    attempts: 1,
    backoffMs: 10_000,
    timeoutMs: 24 * 3_600_000,
    description: "Dump restore",
  },
  // Stops a dump restore's new instance and removes its files.
  "dump.restore.discard": {
    payload: dumpRestoreIds,
    attempts: 2,
    backoffMs: 5_000,
    timeoutMs: 10 * 60_000,
    description: "Discard dump restore",
  },
  // Applies the cluster's retention policy: expires backups and the WAL no retained backup needs.
  // Retried: each step is idempotent and a retry finishes what an interrupted run started.
  retention: {
    payload: ids,
    attempts: 2,
    backoffMs: 60_000,
    timeoutMs: 6 * 3_600_000,
    description: "Retention",
  },
  // Reads newly archived segments with pg_waldump (commit times, restore points), a batch a run.
  "wal.index": {
    payload: ids,
    attempts: 3,
    backoffMs: 10_000,
    timeoutMs: 30 * 60_000,
    description: "WAL indexing",
  },
  // Copies a cluster's complete backups and archived WAL from its primary repository to each of its
  // copy repositories (lib/copies/). One attempt: the supervisor queues the next run (after a pause
  // when this one failed), and a copy is only counted once re-read at the destination.
  copy: {
    payload: ids,
    attempts: 1,
    backoffMs: 30_000,
    timeoutMs: 24 * 3_600_000,
    description: "Copy to copy repositories",
  },
  // Runs for as long as the cluster archives by streaming: no time limit; a crash is retried and
  // the archive supervisor starts a new one if none is queued or running.
  "wal.stream": {
    payload: ids,
    attempts: 5,
    backoffMs: 5_000,
    timeoutMs: 0,
    description: "WAL streaming",
    queue: STREAM_QUEUE_NAME,
  },
  // Observes one cluster every WAYBACK_MONITOR_INTERVAL_MS for as long as the cluster exists
  // (one catalog row per cluster, not one per pass); runs beside the receivers, and like them is
  // restarted by the archive supervisor if it stops.
  monitor: {
    payload: ids,
    attempts: 5,
    backoffMs: 5_000,
    timeoutMs: 0,
    description: "Monitoring",
    queue: STREAM_QUEUE_NAME,
  },
  // Sends one notification (an alert opening or resolving, or a test) to one channel. Retried
  // with exponential backoff from WAYBACK_NOTIFY_RETRY_MS; every try is recorded.
  // One attempt: the result (which operations work) is recorded on the repository either way.
  "repository.test": {
    payload: repositoryIds,
    attempts: 1,
    backoffMs: 5_000,
    timeoutMs: 120_000,
    description: "Test repository",
  },
  notify: {
    payload: deliveryIds,
    attempts: 5,
    backoffMs: 5_000,
    timeoutMs: 60_000,
    description: "Notification",
  },
} as const;

/**
 * The job a policy's BullMQ job scheduler produces on each tick (scheduler id
 * `schedule:<cluster>:<kind>`). It is not mirrored in the jobs table: its catalog row is the
 * ScheduledRun it writes, next to the job it starts (a backup, a verification…).
 */
export const SCHEDULE_JOB = "schedule.fire";
export const schedulePayload = z.object({ clusterId: z.uuid(), kind: z.enum(SCHEDULE_KINDS) });

export function queueOf(type: JobType): string {
  const spec = JOB_TYPES[type];
  return "queue" in spec ? spec.queue : QUEUE_NAME;
}

export type JobType = keyof typeof JOB_TYPES;
export type JobPayload<T extends JobType> = z.infer<(typeof JOB_TYPES)[T]["payload"]>;

export function isJobType(name: string): name is JobType {
  return Object.hasOwn(JOB_TYPES, name);
}
