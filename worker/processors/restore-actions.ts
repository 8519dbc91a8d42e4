import { discardCopy } from "@/lib/restores/discard-copy";
import { promoteCopy } from "@/lib/restores/promote-copy";
import type { Processor } from "@/worker/processor";

// Actions on a restored copy; a failure is also recorded on the restore, where its page shows it.

export const restorePromote: Processor<"restore.promote"> = ({ payload, deps, signal, log }) =>
  // 1. Promote the copy paused at its target (pg_ctl promote), follow it out of recovery, record it complete.
  promoteCopy(deps.db, { restoreId: payload.restoreId, log, bins: deps.pgBinaries, config: deps.config, signal });

export const restoreDiscard: Processor<"restore.discard"> = ({ payload, deps, log }) =>
  // 1. Stop the copy, remove its data directory, record it discarded.
  discardCopy(deps.db, { restoreId: payload.restoreId, log, bins: deps.pgBinaries, osUserName: deps.config.pg.osUser });
