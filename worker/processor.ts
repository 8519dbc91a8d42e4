import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { JobProgress } from "@/lib/jobs/job-record";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { JobPayload, JobType } from "@/lib/queue/job-types";

export interface WorkerDeps {
  config: Config;
  db: Db;
  pgBinaries: PgBinaries;
  /** The time retention plans against and schedules count missed runs from; tests set it. */
  now: () => Date;
}

export interface ProcessorContext<T extends JobType> {
  payload: JobPayload<T>;
  deps: WorkerDeps;
  /** Aborted on the job's time limit and on worker shutdown; pass it to every long call. */
  signal: AbortSignal;
  /** Appends a line to the job's log (its page shows it). */
  log: JobLog;
  progress: JobProgress;
}

export type Processor<T extends JobType> = (ctx: ProcessorContext<T>) => Promise<void>;
