import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withPgPass } from "@/lib/pg/pgpass";
import { RECEIVER_APPLICATION_NAME } from "@/lib/domain/synchronous-receive";
import { runProcess } from "@/lib/pg/run-process";
import { withClient } from "@/lib/pg/with-connection";

interface ReceiverOptions {
  bins: PgBinaries;
  serverMajor: number;
  target: ConnectionTarget;
  slot: string;
  signal?: AbortSignal;
}

function connectionArgs(t: ConnectionTarget): string[] {
  return ["--host", t.host, "--port", String(t.port), "--username", t.username, "--no-password"];
}

function withPassword<T>(t: ConnectionTarget, use: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const entries = t.password ? [{ host: t.host, port: t.port, user: t.username, password: t.password }] : [];
  return withPgPass(entries, (env) => use({ ...env, PGSSLMODE: t.sslmode, PGAPPNAME: RECEIVER_APPLICATION_NAME }));
}

/**
 * The physical replication slot that keeps WAL on the server while the receiver is down. Made with
 * its WAL reserved at once (pg_create_physical_replication_slot(…, true)): `pg_receivewal
 * --create-slot` leaves restart_lsn empty until a receiver first streams, so WAL written between
 * the slot's creation and that moment was neither kept nor received — the first segment of a new
 * receiver could be lost. Creating a slot needs the REPLICATION attribute the role has anyway.
 */
export async function ensureSlot(target: ConnectionTarget, slot: string): Promise<void> {
  await withClient(target, async (client) => {
    try {
      await client.query(
        `SELECT pg_create_physical_replication_slot($1, true)
          WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
        [slot],
      );
    } catch (err) {
      // Another receiver made it between the check and the creation: it is there, as wanted.
      if ((err as { code?: string }).code !== "42710") throw err;
    }
  });
}

const FINISHED = /finished segment at ([0-9A-F]+\/[0-9A-F]+) \(timeline (\d+)\)/i;

/**
 * pg_receivewal into `dir` until it exits or `signal` aborts it. It writes the segment being
 * received as <name>.partial and renames it when complete; `onSegmentFinished` fires then.
 * --no-loop: the supervisor decides when to reconnect (and records why it had to).
 * `synchronous`: --synchronous, WAL flushed as it arrives and reported flushed at once, so a
 * primary whose synchronous_standby_names names the receiver waits for it (decision 0024).
 */
export async function receiveWal(
  opts: ReceiverOptions & { dir: string; synchronous?: boolean; onSegmentFinished?: () => void; onLine?: (line: string) => void },
): Promise<void> {
  const program = await opts.bins.pathForServer("pg_receivewal", opts.serverMajor);
  await withPassword(opts.target, (env) =>
    runProcess(
      program,
      [
        ...connectionArgs(opts.target),
        "--directory",
        opts.dir,
        "--slot",
        opts.slot,
        "--no-loop",
        "--verbose",
        "--status-interval=5",
        ...(opts.synchronous ? ["--synchronous"] : []),
      ],
      {
        env,
        signal: opts.signal,
        onStderrLine: (line) => {
          opts.onLine?.(line);
          if (FINISHED.test(line)) opts.onSegmentFinished?.();
        },
      },
    ),
  );
}

export const slotNameFor = (clusterId: string) => `wayback_${clusterId.replaceAll("-", "")}`;
