import { connectionTarget } from "@/lib/clusters/connection-target";
import { appendJobLog } from "@/lib/jobs/job-log";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { resumeReplay } from "@/lib/restore/resume-replay";
import { watchRecovery } from "@/lib/restore/watch-recovery";
import { recordRestoreFacts } from "@/lib/restores/restore-record";
import type { Processor, WorkerDeps } from "@/worker/processor";

async function specOf(deps: WorkerDeps, r: { dataDir: string; port: number }): Promise<InstanceSpec> {
  return { dataDir: r.dataDir, port: r.port, bins: deps.pgBinaries, osUser: await resolveServerUser(deps.config.pg.osUser) };
}

/** Resumes replay on a copy paused at its target: recovery ends and the copy is promoted. */
export const restorePromote: Processor<"restore.promote"> = async ({ payload, deps, signal }) => {
  const r = await deps.db.restore.findUniqueOrThrow({ where: { id: payload.restoreId } });
  const source = await connectionTarget(deps.db, r.clusterId, deps.config.secretKey);
  const login = { user: source.username, password: source.password, database: source.database };
  await resumeReplay({ port: r.port, login });
  const outcome = await watchRecovery({ spec: await specOf(deps, r), login, pauseAtTarget: false, signal });
  await recordRestoreFacts(deps.db, r.id, { status: "complete", reachedLsn: outcome.replayLsn, finishedAt: new Date() });
  await appendJobLog(deps.db, payload.jobId, `promoted at ${outcome.replayLsn}`);
};

/** Stops a restored copy and removes its data directory. */
export const restoreDiscard: Processor<"restore.discard"> = async ({ payload, deps }) => {
  const r = await deps.db.restore.findUniqueOrThrow({ where: { id: payload.restoreId } });
  await destroyInstance(await specOf(deps, r));
  await recordRestoreFacts(deps.db, r.id, { status: "discarded", connectionString: null, finishedAt: new Date() });
  await appendJobLog(deps.db, payload.jobId, `discarded ${r.dataDir}`);
};
