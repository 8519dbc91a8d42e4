import { connectionTarget } from "@/lib/clusters/connection-target";
import { recordCheck, type CheckOutcome } from "@/lib/clusters/record-check";
import { pickClientMajor } from "@/lib/domain/pg-version";
import { inspectServer } from "@/lib/pg/inspect-server";
import { archiveFacts } from "@/lib/wal/archive-area";
import type { Processor } from "@/worker/processor";

/**
 * "Check connection": an unreachable server or a wrong password is a result to show on the
 * readiness list, not a job failure; only Wayback's own trouble (catalog, key) fails the job.
 */
export const clusterCheck: Processor<"cluster.check"> = async ({ payload, deps, signal, progress }) => {
  // 1. Connect and look: the server's facts, the client tools for its major, the archive's state.
  await progress({ phase: "connecting" });
  const target = await connectionTarget(deps.db, payload.clusterId, deps.config.secretKey);
  const outcome: CheckOutcome = await inspectServer(target, signal).then(
    async (facts) => ({
      reachable: true as const,
      facts,
      clientToolsMajor: pickClientMajor(await deps.pgBinaries.majors(), facts.serverMajor),
      archive: await archiveFacts(deps.db, {
        clusterId: payload.clusterId,
        cli: deps.config.cli,
        serverOsUser: deps.config.pg.osUser,
        spoolDir: deps.config.spoolDir,
      }),
    }),
    (err: Error) => ({ reachable: false as const, error: err.message }),
  );
  if (signal.aborted) throw signal.reason;
  // 2. Record what was found (or why the server could not be reached) for the readiness list.
  await recordCheck(deps.db, { clusterId: payload.clusterId, jobId: payload.jobId, outcome });
};
