import fs from "node:fs/promises";
import path from "node:path";
import { parseEnviron } from "@/test/harness/processes";

export interface RecordedRun {
  program: string;
  argv: string[];
  /** The environment the program was started with, exactly as the kernel gave it (/proc/<pid>/environ). */
  env: Record<string, string>;
  pid: number;
  /** The process group it ran in (/proc/<pid>/stat field 5): its own when it leads it (pid). */
  processGroup: number;
}

/**
 * A PostgreSQL bin directory (for WAYBACK_PG_BIN_DIR) whose every program records its arguments
 * and environment and then becomes the real program (exec: same process, same environment). Every
 * run is recorded, however short: nothing has to be caught by sampling the process list. The
 * directories are open to the PostgreSQL OS user, which runs initdb and pg_ctl.
 */
export async function makeRecordingBinDir(
  dir: string,
  realBinDir: string,
): Promise<{ binDir: string; runs: () => Promise<RecordedRun[]> }> {
  const binDir = path.join(dir, "bin");
  const records = path.join(dir, "runs");
  await fs.mkdir(binDir, { recursive: true });
  await fs.mkdir(records, { recursive: true });
  await fs.chmod(dir, 0o755);
  await fs.chmod(binDir, 0o755);
  await fs.chmod(records, 0o1777);
  for (const program of await fs.readdir(realBinDir)) {
    const script = [
      "#!/bin/sh",
      `r="${records}/${program}.$$"`,
      'cat /proc/$$/environ > "$r.env"',
      'cat /proc/$$/stat > "$r.stat"',
      'printf \'%s\\0\' "$0" "$@" > "$r.args"',
      `exec "${path.join(realBinDir, program)}" "$@"`,
      "",
    ].join("\n");
    await fs.writeFile(path.join(binDir, program), script, { mode: 0o755 });
  }
  return {
    binDir,
    async runs() {
      const out: RecordedRun[] = [];
      for (const name of (await fs.readdir(records)).filter((n) => n.endsWith(".args"))) {
        const base = name.slice(0, -".args".length);
        const argv = (await fs.readFile(path.join(records, name), "utf8")).split("\0").slice(0, -1);
        const env = parseEnviron(await fs.readFile(path.join(records, `${base}.env`), "utf8"));
        // After the comm in parentheses: state, ppid, pgrp.
        const stat = (await fs.readFile(path.join(records, `${base}.stat`), "utf8")).split(") ")[1]!.split(" ");
        out.push({
          program: base.slice(0, base.lastIndexOf(".")),
          argv,
          env,
          pid: Number(base.slice(base.lastIndexOf(".") + 1)),
          processGroup: Number(stat[2]),
        });
      }
      return out;
    },
  };
}
