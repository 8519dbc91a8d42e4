// A worker process for the schedule-lateness benchmark (bench/schedule-lateness.ts): the real
// worker of worker/main.ts (job schedulers' ticks through fireSchedule, the catalog-mirrored job
// runner, the heartbeat) with one difference: the backup job's processor returns at once, so the
// figure is scheduling's and not pg_basebackup's. A bench-only entry rather than a switch in the
// worker's configuration: no environment variable can turn a production worker's backups into
// no-ops.
import { config } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { createWorker } from "@/worker/create-worker";
import { PROCESSORS } from "@/worker/processors";

const cfg = config();
logger.level = cfg.logLevel;
const db = createDb(cfg.databaseUrl);
// The job runner around it still marks the job running and succeeded, as for a real backup.
const standIn = () => Promise.resolve();
const worker = createWorker(cfg, db, { processors: { ...PROCESSORS, "backup.full": standIn } });

process.on("SIGTERM", () => {
  void worker
    .close()
    .then(() => db.$disconnect())
    .then(() => process.exit(0));
});
