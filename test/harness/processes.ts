import fs from "node:fs/promises";

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

/** An environment as /proc/<pid>/environ holds it (NUL-separated KEY=value), as key → value. */
export function parseEnviron(raw: string): Record<string, string> {
  return Object.fromEntries(
    raw
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}
