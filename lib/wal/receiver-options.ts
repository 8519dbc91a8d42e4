import type { Config } from "@/lib/config";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";

/** What a cluster's WAL receiver (runReceiver and its parts) takes from its job and its worker. */
export interface ReceiverOptions {
  clusterId: string;
  config: Pick<Config, "databaseUrl" | "secretKey" | "repoRoots" | "spoolDir">;
  bins: PgBinaries;
  /** The receiver job's log. */
  log: JobLog;
  /** Aborted on worker shutdown: the receiver stops and says so on its row. */
  signal: AbortSignal;
}
