import type { PgBinaries } from "@/lib/pg/binaries";
import { ProcessError, runProcess } from "@/lib/pg/run-process";

export interface AmcheckResult {
  ok: boolean;
  /** What pg_amcheck printed: the corruption it found, or why it could not check. */
  output: string;
}

/**
 * pg_amcheck on every database of a server: heap tables and B-tree indexes (with
 * heapallindexed, so every heap tuple must be found in each index), installing the amcheck
 * extension where it is missing — meant for a throwaway restored copy, never for production.
 */
export async function runAmcheck(opts: {
  bins: PgBinaries;
  host: string;
  port: number;
  user: string;
  signal?: AbortSignal;
}): Promise<AmcheckResult> {
  const args = [
    "--host",
    opts.host,
    "--port",
    String(opts.port),
    "--username",
    opts.user,
    "--no-password",
    "--all",
    "--install-missing",
    "--heapallindexed",
  ];
  try {
    const r = await runProcess(await opts.bins.path("pg_amcheck"), args, { signal: opts.signal, timeoutMs: 6 * 3_600_000 });
    return { ok: true, output: lastLines(r.stdout) };
  } catch (err) {
    if (!(err instanceof ProcessError) || err.code === null) throw err;
    // Exit 2: corruption found; 1: could not check. Either way the output says what.
    return { ok: false, output: lastLines(`${err.stdoutTail}\n${err.stderrTail}`) };
  }
}

function lastLines(text: string, n = 60): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
