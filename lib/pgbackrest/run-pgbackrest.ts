// Every pgBackRest command Wayback runs: as the server's OS user (pgBackRest refuses to touch a
// data directory it does not own), with the stanza's config file and nothing else of ours — the
// repository's key pair is in that 0600 file, never on the command line or in the environment.
import type { OsUser } from "@/lib/pg/os-user";
import { ProcessError, runProcess, type RunProcessResult } from "@/lib/pg/run-process";

const PROGRAM = "pgbackrest";

/** A stanza as pgBackRest is told about it: its name and the config file describing it. */
export interface Stanza {
  name: string;
  configPath: string;
  osUser?: OsUser;
  /** The cluster's data directory on this host, when known (archive-get reads its pg_control). */
  pgDataDir?: string | null;
}

export interface PgBackRestRunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?: (line: string) => void;
  /** The command's own parameters, after it (archive-get's segment and destination). */
  params?: string[];
  /** "/" unless the command must run in a directory of its own (archive-get: pg1-path). */
  cwd?: string;
}

export async function runPgBackRest(
  stanza: Stanza,
  command: string,
  args: string[],
  opts: PgBackRestRunOptions = {},
): Promise<RunProcessResult> {
  try {
    return await runProcess(
      PROGRAM,
      [`--config=${stanza.configPath}`, `--stanza=${stanza.name}`, ...args, command, ...(opts.params ?? [])],
      {
        asUser: stanza.osUser,
        cwd: opts.cwd ?? "/",
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        onStdoutLine: opts.onLine,
        onStderrLine: opts.onLine,
      },
    );
  } catch (err) {
    if (err instanceof ProcessError && (err.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
      throw new Error(
        "pgBackRest is not installed on this worker's host: install it (Debian: apt-get install pgbackrest; scripts/bootstrap.sh does).",
        { cause: err },
      );
    }
    throw err;
  }
}
