import fs from "node:fs/promises";
import path from "node:path";

export interface RunningProcess {
  pid: number;
  /** Arguments, program first. */
  argv: string[];
}

/** Processes running now whose command line satisfies `match` (read from /proc once; no sampling). */
export async function findProcesses(match: (argv: string[]) => boolean): Promise<RunningProcess[]> {
  const out: RunningProcess[] = [];
  for (const name of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const raw = await fs.readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "");
    const argv = raw.split("\0").slice(0, -1);
    if (argv.length > 0 && match(argv)) out.push({ pid: Number(name), argv });
  }
  return out;
}

/**
 * The PostgreSQL servers running from `dataDir` (a postmaster's command line is `postgres -D
 * <dir> …`): none once a copy is stopped. Unlike "its port is free", a second test run beside this
 * one, whose copies may take the same port next, cannot make it fail.
 */
export function serversRunningIn(dataDir: string): Promise<RunningProcess[]> {
  const dir = path.resolve(dataDir);
  return findProcesses(
    (argv) => path.basename(argv[0]!) === "postgres" && argv.some((a, i) => argv[i - 1] === "-D" && path.resolve(a) === dir),
  );
}

/** An environment as /proc/<pid>/environ holds it (NUL-separated KEY=value), as key → value. */
export function parseEnviron(raw: string): Record<string, string> {
  return Object.fromEntries(
    raw
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}
