import { setTimeout as sleep } from "node:timers/promises";
import { parseLsn } from "@/lib/domain/lsn";
import { recoveryStopReason } from "@/lib/domain/recovery-stop";
import { instanceLogPath, isRunning, readLogTail, type InstanceSpec } from "@/lib/pg/instance";
import { withConnection } from "@/lib/pg/with-connection";

export interface LocalLogin {
  /** 127.0.0.1 unless given: a drill logs in over the copy's private socket directory. */
  host?: string;
  user: string;
  password: string | null;
  database: string;
}

export type RecoveryOutcome = { state: "promoted" | "paused"; replayLsn: string };

// Often enough that the restore is handed over within a fraction of a second of promotion.
const POLL_MS = 200;

/**
 * Follows a starting copy until recovery is over: promoted (pg_is_in_recovery() false) or, with
 * recovery_target_action = pause, paused at the target. Reports the replay LSN as it moves. A
 * server that exits on the way is a failure carrying its log. That is how a copy that cannot reach
 * its target ends, never promoted short of it: PostgreSQL 14+ stops with FATAL "recovery ended
 * before configured recovery target was reached" when the archive runs out before a time, name,
 * LSN or xid target, and `wayback wal-fetch` exits with a status PostgreSQL treats as fatal when
 * it cannot reach the archive (as opposed to 1, "not in the archive"). A "latest" copy is checked
 * against the end of the archive by the caller (assertReachedEnd).
 */
export async function watchRecovery(opts: {
  spec: InstanceSpec;
  login: LocalLogin;
  pauseAtTarget: boolean;
  signal: AbortSignal;
  onReplay?: (lsn: bigint) => void;
}): Promise<RecoveryOutcome> {
  const { spec, login } = opts;
  for (;;) {
    opts.signal.throwIfAborted();
    if (!(await isRunning(spec))) {
      const log = await readLogTail(instanceLogPath(spec), 30);
      throw new Error(`${recoveryStopReason(log)}\n${log}`);
    }
    const config = {
      host: login.host ?? "127.0.0.1",
      port: spec.port,
      user: login.user,
      password: login.password ?? undefined,
      database: login.database,
      connectionTimeoutMillis: 5000,
    };
    try {
      const { rows } = await withConnection(config, (client) =>
        client.query<{ rec: boolean; lsn: string | null; pause: string | null }>(
          `SELECT pg_is_in_recovery() AS rec,
                  coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text AS lsn,
                  CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END AS pause`,
        ),
      );
      const r = rows[0]!;
      if (r.lsn) opts.onReplay?.(parseLsn(r.lsn));
      if (!r.rec) return { state: "promoted", replayLsn: r.lsn ?? "" };
      if (opts.pauseAtTarget && r.pause === "paused") return { state: "paused", replayLsn: r.lsn ?? "" };
    } catch (err) {
      // Until it is consistent the server refuses connections ("starting up"), and its socket may
      // not exist yet: keep waiting. A connection cut because the server stopped (recovery stopped
      // by a fatal restore_command, say) is explained from its log at the top of the loop.
      const waiting =
        /starting up|ECONNREFUSED|ENOENT|not yet accepting|recovery|shutting down|terminat(ed|ing) .*connection|connection .*terminated/i.test(
          (err as Error).message,
        );
      if (!waiting && (await isRunning(spec))) throw err;
    }
    await sleep(POLL_MS, undefined, { signal: opts.signal });
  }
}
