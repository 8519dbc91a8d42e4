// pgbench writing a ledger, to count what it saw committed: each transaction inserts its client's
// number into rpo_ledger, and -l logs every transaction whose commit pgbench got back. After a
// crash, a copy that has at least that many rows of every client lost nothing pgbench was told.
import fs from "node:fs/promises";
import path from "node:path";
import { withPgPass } from "@/lib/pg/pgpass";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import type { PgBinaries } from "@/lib/pg/binaries";

export const LEDGER_TABLE = "CREATE TABLE rpo_ledger (client int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())";
export const LEDGER_COUNTS = "SELECT client, count(*)::int AS n FROM rpo_ledger GROUP BY client";

export interface LedgerRun {
  /** Transactions pgbench saw committed, per client. */
  committed: Map<number, number>;
  /** When the last of them completed (pgbench's time_epoch and time_us). */
  lastCommitAt: Date | null;
  /** pgbench's own "tps = …" figure; null when it ended before reporting one (its server died). */
  tps: number | null;
}

export async function runLedger(
  bins: PgBinaries,
  server: { host: string; port: number; user: string; password: string },
  opts: { dir: string; clients: number; seconds: number; signal?: AbortSignal },
): Promise<LedgerRun> {
  const script = path.join(opts.dir, "ledger.sql");
  await fs.writeFile(script, "INSERT INTO rpo_ledger (client) VALUES (:client_id);\n");
  const prefix = path.join(opts.dir, "ledger");
  const args = ["-h", server.host, "-p", String(server.port), "-U", server.user, "-n", "-f", script, "-c", String(opts.clients)];
  let stdout: string;
  try {
    ({ stdout } = await withPgPass([{ host: server.host, port: server.port, user: server.user, password: server.password }], async (env) =>
      runProcess(await bins.path("pgbench"), [...args, "-T", String(opts.seconds), "-l", `--log-prefix=${prefix}`, "postgres"], {
        env,
        signal: opts.signal,
        timeoutMs: (opts.seconds + 120) * 1000,
      }),
    ));
  } catch (err) {
    // Its server was killed: clients abort, pgbench exits 2 after writing its logs.
    if (!(err instanceof ProcessError) || err.code !== 2) throw err;
    stdout = err.stdoutTail;
  }
  const committed = new Map<number, number>();
  let lastMs = 0;
  for (const name of await fs.readdir(opts.dir)) {
    if (!name.startsWith("ledger.")) continue;
    for (const line of (await fs.readFile(path.join(opts.dir, name), "utf8")).split("\n")) {
      // client_id transaction_no time script_no time_epoch time_us: a numeric time is a commit.
      const [client, , time, , epoch, us] = line.split(" ");
      if (client === undefined || !/^\d+$/.test(time ?? "")) continue;
      committed.set(Number(client), (committed.get(Number(client)) ?? 0) + 1);
      lastMs = Math.max(lastMs, Number(epoch) * 1000 + Math.floor(Number(us) / 1000));
    }
  }
  const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
  return { committed, lastCommitAt: lastMs > 0 ? new Date(lastMs) : null, tps: tps === undefined ? null : Number(tps) };
}
