// The one wrapper every program Wayback runs goes through (docs/architecture.md, "Layers").
// Argument arrays only, never a shell; output kept as bounded tails so a chatty program cannot
// eat memory; abort and timeout end the child's process group with SIGTERM, then SIGKILL after a
// grace period.
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { childEnv } from "@/lib/domain/child-env";
import { describeProgramFailure, failureCause } from "@/lib/domain/failure-cause";
import { groupTerminator, spawnInGroup } from "@/lib/pg/process-groups";

export interface RunProcessOptions {
  /** Added to the child's minimal environment (see buildEnv); nothing else of ours is passed. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on abort or timeout. */
  killGraceMs?: number;
  /** Run as another OS user (needs root); supplementary groups are dropped by libuv. */
  asUser?: { uid: number; gid: number };
  /** Written to the child's stdin, then closed. Without it stdin is /dev/null, so a program
   *  that would prompt (for a password, say) sees EOF instead of hanging. */
  stdin?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface RunProcessResult {
  stdout: string;
  stderr: string;
}

export const OUTPUT_TAIL_BYTES = 64 * 1024;
const ERROR_TAIL_LINES = 20;
// A grandchild that inherited our pipes can keep them open after the child exits; do not wait
// for it forever.
const CLOSE_AFTER_EXIT_MS = 2_000;

export class ProcessError extends Error {
  readonly program: string;
  /** Exit code, or null when the child was ended by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  readonly stdoutTail: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;

  constructor(init: {
    program: string;
    code: number | null;
    signal: NodeJS.Signals | null;
    stderrTail: string;
    stdoutTail: string;
    timedOut?: boolean;
    aborted?: boolean;
    message?: string;
    cause?: unknown;
  }) {
    super(init.message ?? describeFailure(init), { cause: init.cause });
    this.name = "ProcessError";
    this.program = init.program;
    this.code = init.code;
    this.signal = init.signal;
    this.stderrTail = init.stderrTail;
    this.stdoutTail = init.stdoutTail;
    this.timedOut = init.timedOut ?? false;
    this.aborted = init.aborted ?? false;
  }
}

function describeFailure(init: {
  program: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
  stdoutTail: string;
  timedOut?: boolean;
  aborted?: boolean;
}): string {
  const output = init.stderrTail.trim() ? init.stderrTail : init.stdoutTail;
  const status = init.code !== null ? `exit code ${init.code}` : init.signal ? `ended by ${init.signal}` : "no exit status";
  const cause = init.timedOut ? "timed out" : init.aborted ? "aborted" : failureCause(output);
  return describeProgramFailure({ program: path.basename(init.program), status, cause, tail: lastLines(output, ERROR_TAIL_LINES) });
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n").trim();
}

/** Keeps only the last `limit` bytes written to it. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  toString(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString("utf8");
  }
}

/** Splits a byte stream into lines for a callback, with a bounded partial line. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder("utf8");
  let partial = "";
  const emit = (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) onLine(line.replace(/\r$/, ""));
    if (partial.length > OUTPUT_TAIL_BYTES) {
      onLine(partial);
      partial = "";
    }
  };
  return {
    push: (chunk) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (partial) onLine(partial.replace(/\r$/, ""));
      partial = "";
    },
  };
}

/** The error for a program not started because `signal` was already aborted. */
export function notStarted(program: string, signal: AbortSignal): ProcessError {
  const message = `${path.basename(program)} was not started: aborted`;
  return new ProcessError({
    program,
    code: null,
    signal: null,
    stderrTail: "",
    stdoutTail: "",
    aborted: true,
    cause: signal.reason,
    message,
  });
}

/** Why spawning `program` failed, saying what to fix. */
export function startFailure(program: string, err: NodeJS.ErrnoException): string {
  const base = path.basename(program);
  if (err.code === "ENOENT") return `${base} could not be started: ${program} was not found (is it installed and on PATH?)`;
  if (err.code === "EACCES") return `${base} could not be started: ${program} is not executable (EACCES)`;
  return `${base} could not be started: ${err.message}`;
}

/** A child's whole environment: the allowlist of lib/domain/child-env.ts plus `extra`. */
export function buildEnv(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  // Reading our environment to pass its harmless part (PATH, locale, TZ) on is not configuration.
  // eslint-disable-next-line no-restricted-properties
  return childEnv(process.env, extra);
}

export function runProcess(program: string, args: string[], opts: RunProcessOptions = {}): Promise<RunProcessResult> {
  return new Promise((resolve, reject) => {
    const stdoutTail = new OutputTail(OUTPUT_TAIL_BYTES);
    const stderrTail = new OutputTail(OUTPUT_TAIL_BYTES);
    const fail = (init: Partial<ConstructorParameters<typeof ProcessError>[0]>) =>
      new ProcessError({
        program,
        code: null,
        signal: null,
        stdoutTail: stdoutTail.toString(),
        stderrTail: stderrTail.toString(),
        ...init,
      });

    if (opts.signal?.aborted) {
      reject(notStarted(program, opts.signal));
      return;
    }

    const child = spawnInGroup(program, args, {
      cwd: opts.cwd,
      env: buildEnv(opts.env),
      stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      uid: opts.asUser?.uid,
      gid: opts.asUser?.gid,
      windowsHide: true,
    });

    // stdout and stderr are always "pipe" above; the typings cannot tell from the tuple.
    const stdout = child.stdout!;
    const stderr = child.stderr!;
    let timedOut = false;
    let aborted = false;
    let closeTimer: NodeJS.Timeout | undefined;
    let settled = false;

    // The whole group: a program's forked helpers (pg_basebackup's WAL streamer) too.
    const group = groupTerminator(child, opts.killGraceMs);
    const terminate = () => void group.terminate();
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    const timeoutTimer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            terminate();
          }, opts.timeoutMs)
        : undefined;
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    const outLines = opts.onStdoutLine ? lineSplitter(opts.onStdoutLine) : undefined;
    const errLines = opts.onStderrLine ? lineSplitter(opts.onStderrLine) : undefined;
    stdout.on("data", (chunk: Buffer) => {
      stdoutTail.push(chunk);
      outLines?.push(chunk);
    });
    stderr.on("data", (chunk: Buffer) => {
      stderrTail.push(chunk);
      errLines?.push(chunk);
    });
    if (child.stdin) {
      // EPIPE when the child exits without reading its input is not our failure to report.
      child.stdin.on("error", () => {});
      child.stdin.end(opts.stdin);
    }

    const cleanup = () => {
      settled = true;
      clearTimeout(timeoutTimer);
      group.cancel();
      clearTimeout(closeTimer);
      opts.signal?.removeEventListener("abort", onAbort);
    };

    child.on("error", (err: NodeJS.ErrnoException) => {
      if (settled) return;
      // 'error' also fires when kill() fails; only a spawn failure leaves no pid.
      if (child.pid !== undefined) return;
      cleanup();
      reject(fail({ message: startFailure(program, err), cause: err }));
    });

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      cleanup();
      outLines?.end();
      errLines?.end();
      if (code === 0 && !timedOut && !aborted) {
        resolve({ stdout: stdoutTail.toString(), stderr: stderrTail.toString() });
      } else {
        reject(fail({ code, signal, timedOut, aborted, cause: aborted ? opts.signal?.reason : undefined }));
      }
    };
    child.on("exit", (code, signal) => {
      closeTimer = setTimeout(() => {
        stdout.destroy();
        stderr.destroy();
        finish(code, signal);
      }, CLOSE_AFTER_EXIT_MS);
      closeTimer.unref();
    });
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
  });
}
