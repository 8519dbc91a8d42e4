// runProcess() for programs whose stdout is data to consume as a stream (a decompressor feeding
// a tar parser), not text to collect. Same rules: argument arrays only, never a shell; stderr
// kept as a bounded tail; abort ends the child's process group with SIGTERM, then SIGKILL after a grace period;
// a non-zero exit is a ProcessError.
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { OutputSocket } from "@/lib/pg/output-socket";
import { groupTerminator, spawnInGroup } from "@/lib/pg/process-groups";
import { buildEnv, lineSplitter, notStarted, OUTPUT_TAIL_BYTES, OutputTail, ProcessError, startFailure } from "@/lib/pg/run-process";

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
  if (opts.signal?.aborted) throw notStarted(program, opts.signal);
  const child = spawnInGroup(program, args, {
    cwd: opts.cwd,
    env: buildEnv(opts.env),
    stdio: [opts.stdin ? "pipe" : "ignore", opts.stdout?.programEnd ?? "pipe", "pipe"],
    windowsHide: true,
  });
  // The program holds its own copy now; ours would keep its output open after it exits.
  opts.stdout?.programEnd.destroy();
  // Taken at once: when a child exits, Node resumes its unread stdio and drops what nobody has read
  // yet, so a program that finished before its consumer started reading (pg_dumpall's globals on a
  // busy machine, before the repository opened its file) handed over nothing. pipe() keeps every
  // byte and still holds the program back when its reader is slow.
  const stdout = opts.stdout?.reader ?? child.stdout!.pipe(new PassThrough());
  const stderr = child.stderr!;

  const tail = new OutputTail(OUTPUT_TAIL_BYTES);
  const errLines = opts.onStderrLine ? lineSplitter(opts.onStderrLine) : undefined;
  stderr.on("data", (chunk: Buffer) => {
    errLines?.push(chunk);
    tail.push(chunk);
  });

  let stopped = false;
  const group = groupTerminator(child, opts.killGraceMs);
  const stop = () => {
    // Unread output would keep the pipe (and so 'close') open forever.
    stdout.destroy();
    child.stdout?.destroy();
    // A program that already exited on its own failed (or succeeded) for its own reason.
    if (group.terminate()) stopped = true;
  };
  const onAbort = () => stop();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  const exited = new Promise<void>((resolve, reject) => {
    const done = (err?: ProcessError) => {
      group.cancel();
      opts.signal?.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on("error", (err: NodeJS.ErrnoException) => {
      // 'error' also fires when kill() fails; only a spawn failure leaves no pid.
      if (child.pid !== undefined) return;
      done(
        new ProcessError({
          program,
          code: null,
          signal: null,
          stderrTail: "",
          stdoutTail: "",
          cause: err,
          message: startFailure(program, err),
        }),
      );
    });
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
      errLines?.end();
      if (code === 0) return done();
      const aborted = stopped || (opts.signal?.aborted ?? false);
      done(
        new ProcessError({
          program,
          code,
          signal,
          stderrTail: tail.toString(),
          stdoutTail: "",
          aborted,
          cause: opts.signal?.aborted ? opts.signal.reason : undefined,
        }),
      );
    });
  });
  exited.catch(() => {});

  return { stdout, stdin: child.stdin, exited, stop };
}
