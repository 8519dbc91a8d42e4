// CPU time beside wall time: on a machine shared with other work, load stretches wall time far more
// than the CPU time a side spends, so a ratio of CPU times says what our code costs, and a ratio
// of wall times what a user waits (with the machine as loaded as it was).
import { readFile } from "node:fs/promises";

/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux ABI Node runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of process `pid` and of its children that have been waited for. */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th field overall.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return ((utime! + stime! + cutime! + cstime!) * 1000) / TICKS_PER_SECOND;
}

/** Wall milliseconds, this process's CPU milliseconds and those of `others` (a server in its own process) while `fn` ran. */
export async function measureCpu(
  fn: () => Promise<unknown>,
  others: number[] = [],
): Promise<{ ms: number; cpuMs: number; othersCpuMs: number }> {
  const sum = async () => (await Promise.all(others.map(cpuMsOf))).reduce((a, b) => a + b, 0);
  const othersBefore = await sum();
  const own = process.cpuUsage();
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(own);
  return { ms, cpuMs: (used.user + used.system) / 1000, othersCpuMs: (await sum()) - othersBefore };
}
