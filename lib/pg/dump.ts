import type { Readable } from "node:stream";
import { dbnameArg, isTableDumpedLine, pgDumpArgs, type DumpChoice } from "@/lib/domain/dump-args";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withPgPass } from "@/lib/pg/pgpass";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import { spawnStream } from "@/lib/pg/spawn-stream";

interface ToolOptions {
  bins: PgBinaries;
  serverMajor: number;
  target: ConnectionTarget;
  signal?: AbortSignal;
}

export interface PgDumpOptions extends ToolOptions {
  database: string;
  choice: DumpChoice;
  /** Called once per table whose rows pg_dump starts writing (its --verbose output). */
  onTableDumped?: () => void;
}

/** Host, port and user as flags; the password through a PGPASSFILE, never the command line. */
function connection(target: ConnectionTarget) {
  const args = ["--host", target.host, "--port", String(target.port), "--username", target.username, "--no-password"];
  const passwords = target.password ? [{ host: target.host, port: target.port, user: target.username, password: target.password }] : [];
  return { args, passwords, env: { PGSSLMODE: target.sslmode, PGAPPNAME: "wayback" } };
}

/**
 * Runs a tool whose stdout is the archive and hands that stream to `consume` (the repository's
 * put), so no dump is ever held in memory or staged on local disk. If `consume` fails the tool is
 * stopped; if the tool fails, its error is what the caller sees.
 */
async function streamTool<T>(
  program: string,
  args: string[],
  opts: ToolOptions & { onStderrLine?: (line: string) => void },
  consume: (stdout: Readable) => Promise<T>,
): Promise<T> {
  const conn = connection(opts.target);
  return withPgPass(conn.passwords, async (pass) => {
    const proc = spawnStream(program, [...conn.args, ...args], {
      env: { ...conn.env, ...pass },
      signal: opts.signal,
      onStderrLine: opts.onStderrLine,
    });
    let result: T;
    try {
      result = await consume(proc.stdout);
    } catch (err) {
      proc.stop();
      // A tool that failed on its own (not stopped by us) explains more than the stream it cut short.
      const exit = await proc.exited.then(
        () => null,
        (e: ProcessError) => e,
      );
      throw exit && !exit.aborted ? withoutProgress(exit) : err;
    }
    // A tool that fails mid-way only ends its output early: its exit status is the verdict.
    await proc.exited.catch((err: unknown) => Promise.reject(withoutProgress(err)));
    return result;
  });
}

/** pg_dump in custom or plain format, written to stdout and consumed as a stream. */
export async function streamPgDump<T>(opts: PgDumpOptions, consume: (stdout: Readable) => Promise<T>): Promise<T> {
  if (opts.choice.format === "directory") throw new Error("a directory-format dump is written to a directory, not streamed");
  const program = await opts.bins.pathForServer("pg_dump", opts.serverMajor);
  const args = [...pgDumpArgs(opts.choice), dbnameArg(opts.database)];
  return streamTool(program, args, { ...opts, onStderrLine: tableCounter(opts.onTableDumped) }, consume);
}

/**
 * pg_dump in directory format into `dir` (which must not exist yet): the only format pg_dump can
 * write with parallel jobs, and it writes its files itself.
 */
export async function pgDumpToDirectory(opts: PgDumpOptions & { dir: string }): Promise<void> {
  const program = await opts.bins.pathForServer("pg_dump", opts.serverMajor);
  const conn = connection(opts.target);
  const args = [...conn.args, ...pgDumpArgs(opts.choice), `--file=${opts.dir}`, dbnameArg(opts.database)];
  await withPgPass(conn.passwords, (pass) =>
    runProcess(program, args, { env: { ...conn.env, ...pass }, signal: opts.signal, onStderrLine: tableCounter(opts.onTableDumped) }),
  ).catch((err: unknown) => Promise.reject(withoutProgress(err)));
}

/**
 * pg_dumpall --globals-only (roles, tablespaces, role settings) as a stream. A login that is not
 * a superuser cannot read role passwords; it still gets every role, without passwords.
 */
export async function streamGlobals<T>(opts: ToolOptions & { superuser: boolean }, consume: (stdout: Readable) => Promise<T>): Promise<T> {
  const program = await opts.bins.pathForServer("pg_dumpall", opts.serverMajor);
  const args = ["--globals-only", dbnameArg(opts.target.database)];
  if (!opts.superuser) args.push("--no-role-passwords");
  return streamTool(program, args, opts, consume);
}

function tableCounter(onTableDumped: (() => void) | undefined) {
  return onTableDumped ? (line: string) => (isTableDumpedLine(line) ? onTableDumped() : undefined) : undefined;
}

/** A failed tool's error without its --verbose progress lines, so the reason is what remains. */
function withoutProgress(err: unknown): unknown {
  if (!(err instanceof ProcessError)) return err;
  const stderrTail = err.stderrTail
    .split("\n")
    .filter((line) => !/^pg_dump(all)?: (?!error|warning|detail|hint)/.test(line))
    .join("\n");
  return new ProcessError({
    program: err.program,
    code: err.code,
    signal: err.signal,
    stderrTail,
    stdoutTail: err.stdoutTail,
    timedOut: err.timedOut,
    aborted: err.aborted,
    cause: err.cause,
  });
}
