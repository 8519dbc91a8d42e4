import { UnrecoverableError } from "bullmq";
import { recordDumpRestoreDiscarded } from "@/lib/dumps/dump-restore-record";
import { appendJobLog } from "@/lib/jobs/job-log";
import { destroyInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import type { Processor } from "@/worker/processor";

/** Stops a dump restore's new instance and removes its data directory, socket directory and log. */
export const dumpRestoreDiscard: Processor<"dump.restore.discard"> = async ({ payload, deps }) => {
  const r = await deps.db.dumpRestore.findUniqueOrThrow({ where: { id: payload.dumpRestoreId } });
  if (!r.instanceDataDir || r.instancePort === null) throw new UnrecoverableError("This dump restore has no instance.");
  await destroyInstance({ dataDir: r.instanceDataDir, port: r.instancePort, bins: deps.pgBinaries, osUser: await resolveServerUser(deps.config.pg.osUser) });
  await recordDumpRestoreDiscarded(deps.db, r.id);
  await appendJobLog(deps.db, payload.jobId, `discarded ${r.instanceDataDir}`);
};
