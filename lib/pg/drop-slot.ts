import { setTimeout as sleep } from "node:timers/promises";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

// The walsender of a receiver just stopped exits moments after its connection closes; until then
// the slot is active and cannot be dropped.
const RELEASE_WAIT_MS = 15_000;
const POLL_MS = 200;

/**
 * Drops replication slot `slot` (nothing when it is already gone), waiting for a walsender that
 * is ending to let go of it. Needs what the receiver's role has: REPLICATION.
 */
export async function dropSlot(t: ConnectionTarget, slot: string): Promise<void> {
  await withClient(t, async (client) => {
    const deadline = Date.now() + RELEASE_WAIT_MS;
    for (;;) {
      const { rows } = await client.query<{ active_pid: number | null }>(
        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1",
        [slot],
      );
      if (rows.length === 0) return;
      const pid = rows[0]!.active_pid;
      if (pid === null) {
        await client.query(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NULL",
          [slot],
        );
        continue; // gone now, or taken again meanwhile: look once more
      }
      if (Date.now() > deadline)
        throw new Error(
          `The replication slot ${slot} is still in use by server process ${pid}; drop it once that has ended: SELECT pg_drop_replication_slot('${slot}')`,
        );
      await sleep(POLL_MS);
    }
  });
}
