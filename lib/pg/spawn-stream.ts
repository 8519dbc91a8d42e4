// runProcess() for programs whose stdout is data to consume as a stream (a decompressor feeding
// a tar parser), not text to collect. Same rules: argument arrays only, never a shell; stderr
// kept as a bounded tail; abort ends the child's process group with SIGTERM, then SIGKILL after a grace period;
// a non-zero exit is a ProcessError.
import path from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { OutputSocket } from "@/lib/pg/output-socket";
import { signalProcessGroup, spawnInGroup } from "@/lib/pg/process-groups";
import { buildEnv, lineSplitter, OUTPUT_TAIL_BYTES, ProcessError } from "@/lib/pg/run-process";

const DEFAULT_KILL_GRACE_MS = 5_000;

export interface StreamingProcess {
  /** The program's stdout; read it to the end (or call stop()), or the program blocks. */
  stdout: Readable;
  /** The program's stdin when started with `stdin: true` (end it when done), else null. */
  stdin: Writable | null;
  /** Settles when the program has exited: resolves on exit code 0, rejects with a ProcessError
   *  otherwise (started by stop() or abort: `aborted` is set). Always handled internally, so
   *  not awaiting it after a failure elsewhere is not an unhandled rejection. */
  exited: Promise<void>;
  /** Ends the program early (the consumer gave up): SIGTERM, SIGKILL after the grace period. */
  stop(): void;
}

export function spawnStream(
  program: string,
  args: string[],
  opts: {
    signal?: AbortSignal;
    killGraceMs?: number;
    cwd?: string;
    /** Added to the child's minimal environment, as in runProcess(). */
    env?: Record<string, string | undefined>;
    onStderrLine?: (line: string) => void;
    /** Gives the program a pipe to read (a decompressor fed from the repository) instead of /dev/null. */
    stdin?: boolean;
    /** Where stdout goes instead of a new pipe; its reader is then the returned stdout. */
    stdout?: OutputSocket;
  } = {},
): StreamingProcess {
  const base = path.basename(program);
  if (opts.signal?.aborted) {
    throw new ProcessError({ program, code: null, signal: null, stderrTail: "", stdoutTail: "", aborted: true, cause: opts.signal.reason, message: `${base} was not started: aborted` });
  }
  const child = spawnInGroup(program, args, { cwd: opts.cwd, env: buildEnv(opts.env), stdio: [opts.stdin ? "pipe" : "ignore", opts.stdout?.programEnd ?? "pipe", "pipe"], windowsHide: true });
  // The program holds its own copy now; ours would keep its output open after it exits.
  opts.stdout?.programEnd.destroy();
  // Taken at once: when a child exits, Node resumes its unread stdio and drops what nobody has read
  // yet, so a program that finished before its consumer started reading (pg_dumpall's globals on a
  // busy machine, before the repository opened its file) handed over nothing. pipe() keeps every
  // byte and still holds the program back when its reader is slow.
  const stdout = opts.stdout?.reader ?? child.stdout!.pipe(new PassThrough());
  const stderr = child.stderr!;

  let tail = Buffer.alloc(0);
  const errLines = opts.onStderrLine ? lineSplitter(opts.onStderrLine) : undefined;
  stderr.on("data", (chunk: Buffer) => {
    errLines?.push(chunk);
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > OUTPUT_TAIL_BYTES) tail = tail.subarray(tail.length - OUTPUT_TAIL_BYTES);
  });

  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    // Unread output would keep the pipe (and so 'close') open forever.
    stdout.destroy();
    child.stdout?.destroy();
    const pid = child.pid;
    // A program that already exited on its own failed (or succeeded) for its own reason.
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    stopped = true;
    signalProcessGroup(pid, "SIGTERM");
    killTimer ??= setTimeout(() => signalProcessGroup(pid, "SIGKILL"), opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    killTimer.unref();
  };
  const onAbort = () => stop();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  const exited = new Promise<void>((resolve, reject) => {
    const done = (err?: ProcessError) => {
      clearTimeout(killTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on("error", (err: NodeJS.ErrnoException) => {
      // 'error' also fires when kill() fails; only a spawn failure leaves no pid.
      if (child.pid !== undefined) return;
      const why = err.code === "ENOENT" ? `${program} was not found (is it installed and on PATH?)` : err.message;
      done(new ProcessError({ program, code: null, signal: null, stderrTail: "", stdoutTail: "", cause: err, message: `${base} could not be started: ${why}` }));
    });
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
      errLines?.end();
      if (code === 0) return done();
      const aborted = stopped || (opts.signal?.aborted ?? false);
      done(new ProcessError({ program, code, signal, stderrTail: tail.toString("utf8"), stdoutTail: "", aborted, cause: opts.signal?.aborted ? opts.signal.reason : undefined }));
    });
  });
  exited.catch(() => {});

  return { stdout, stdin: child.stdin, exited, stop };
}
