import type { DbClient } from "@/lib/db/client";
import type { PortRange } from "@/lib/domain/port-range";
import { instanceLogPath, readLogTail, type InstanceSpec } from "@/lib/pg/instance";
import { instancePortFallback } from "@/lib/restores/instance-port";
import { recoverCopy, type RecoveredCopy } from "@/lib/restores/recover-copy";

/** What a restore's or a drill's row records of its copy as the copy is made. */
export interface CopyFacts {
  port?: number;
  baseMs?: number;
  baseBytes?: bigint;
}

/**
 * recoverCopy() for a job whose catalog row follows its copy (a restore, a drill): the base's time
 * and size are recorded once it is in place, and a new instance whose port was taken by the time
 * PostgreSQL starts moves to the next free one of `ports`, recorded and logged. `ports` null: the
 * copy never moves (in place keeps production's port).
 */
export function recoverRecordedCopy(
  opts: Omit<Parameters<typeof recoverCopy>[0], "portFallback" | "afterBase"> & {
    ports: PortRange | null;
    record: (db: DbClient, facts: CopyFacts) => Promise<void>;
    /** After the base is in place and recorded (in place restores carry production's pg_hba.conf over). */
    afterBase?: () => Promise<void>;
  },
): Promise<RecoveredCopy> {
  const { ports, record, afterBase, ...rest } = opts;
  return recoverCopy({
    ...rest,
    portFallback: ports ? instancePortFallback(opts.db, { ports, record: (tx, port) => record(tx, { port }), log: opts.log }) : undefined,
    afterBase: async ({ baseMs, storedBytes }) => {
      await record(opts.db, { baseMs, baseBytes: BigInt(storedBytes) });
      await afterBase?.();
    },
  });
}

/** The last lines of a failed copy's PostgreSQL log, for its row; null when there is none to read. */
export async function copyLogTail(spec: InstanceSpec): Promise<string | null> {
  return (await readLogTail(instanceLogPath(spec), 30).catch(() => "")) || null;
}
