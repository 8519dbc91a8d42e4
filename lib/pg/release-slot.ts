import { RECEIVER_APPLICATION_NAME } from "@/lib/domain/synchronous-receive";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

// pg_terminate_backend waits this long for the walsender to exit (and release the slot).
const TERMINATE_WAIT_MS = 10_000;

/**
 * Ends the walsender of a Wayback receiver that still holds our slot: a pg_receivewal left
 * running by a worker that died, or one whose connection the server has not yet noticed is gone.
 * Only the holder of the cluster's receiver lock calls this (lib/wal/receiver-lock.ts), so a
 * Wayback receiver on the slot is a stale one (its worker lost the lock), and
 * without this the new receiver fails ("replication slot … is active for PID …") until the old
 * connection breaks, which on an idle server may be never. A walsender runs as the login role, so
 * that role may end it (pg_terminate_backend: same role, no superuser needed). A consumer that is
 * not a Wayback receiver (a standby, another tool) is left alone: the receiver then reports the
 * server's refusal. Returns the pid ended, or null when no Wayback receiver held the slot.
 */
export async function releaseSlotFromStaleReceiver(t: ConnectionTarget, slot: string): Promise<number | null> {
  return withClient(t, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT s.active_pid AS pid FROM pg_replication_slots s JOIN pg_stat_activity a ON a.pid = s.active_pid
        WHERE s.slot_name = $1 AND a.application_name = $2`,
      [slot, RECEIVER_APPLICATION_NAME],
    );
    const pid = rows[0]?.pid;
    if (pid === undefined) return null;
    try {
      const ended = await client.query<{ ended: boolean }>("SELECT pg_terminate_backend($1, $2) AS ended", [pid, TERMINATE_WAIT_MS]);
      if (!ended.rows[0]?.ended) throw new Error(`it was still running ${TERMINATE_WAIT_MS / 1000} s after being told to stop`);
    } catch (err) {
      throw new Error(
        `The replication slot ${slot} is held by an earlier Wayback receiver (server process ${pid}), and ending it failed: ${(err as Error).message}. ` +
          `Fix: end it on the server with SELECT pg_terminate_backend(${pid}) as a role that may (the same login role, a superuser, or a member of pg_signal_backend).`,
        { cause: err },
      );
    }
    return pid;
  });
}
