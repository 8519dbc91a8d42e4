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

/** The environment a running process was started with, as key → value. */
export async function processEnvironment(pid: number): Promise<Record<string, string>> {
  const raw = await fs.readFile(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(raw.split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}
