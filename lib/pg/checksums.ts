import type { PgBinaries } from "@/lib/pg/binaries";
import type { OsUser } from "@/lib/pg/os-user";
import { ProcessError, runProcess } from "@/lib/pg/run-process";

export type ChecksumsResult = { state: "disabled" } | { state: "ok" | "failed"; output: string };

/**
 * Verifies every data page checksum of a stopped data directory with pg_checksums --check, when
 * the cluster has data checksums (pg_controldata says so); "disabled" otherwise.
 */
export async function verifyDataChecksums(opts: {
  bins: PgBinaries;
  dataDir: string;
  osUser: OsUser | undefined;
  signal?: AbortSignal;
}): Promise<ChecksumsResult> {
  const control = await runProcess(await opts.bins.path("pg_controldata"), ["-D", opts.dataDir], {
    asUser: opts.osUser,
    env: { LC_ALL: "C" },
  });
  const version = /^Data page checksum version:\s*(\d+)/m.exec(control.stdout)?.[1];
  if (version === undefined) throw new Error(`pg_controldata did not report the data page checksum version of ${opts.dataDir}.`);
  if (version === "0") return { state: "disabled" };
  try {
    const r = await runProcess(await opts.bins.path("pg_checksums"), ["--check", "-D", opts.dataDir], {
      asUser: opts.osUser,
      signal: opts.signal,
      timeoutMs: 6 * 3_600_000,
    });
    return { state: "ok", output: r.stdout.trim() };
  } catch (err) {
    if (!(err instanceof ProcessError) || err.code === null) throw err;
    return { state: "failed", output: `${err.stdoutTail}\n${err.stderrTail}`.trim().split("\n").slice(-40).join("\n") };
  }
}
